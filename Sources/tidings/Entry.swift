import ArgumentParser
import Foundation
import LinuxSystem
import TidingsCore
import TidingsDaemon
import TidingsStore

/// The `tidings` command: its subcommands, and the exit codes scripts rely on.
struct Tidings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tidings",
        abstract: "Ingest, deduplicate and inspect news articles.",
        discussion: """
            Exit codes: 0 success, 2 usage or configuration error, 3 some inputs rejected \
            (the rest processed), 4 the store is damaged or not a Tidings store (see \
            `tidings verify`), 1 other failure.
            """,
        version: TidingsVersion.current,
        subcommands: [
            RunCommand.self, IngestCommand.self, ParseCommand.self, ListCommand.self, ShowCommand.self,
            SearchCommand.self, StatsCommand.self, ExportCommand.self, VerifyCommand.self, StatusCommand.self, RemoveCommand.self, MigrateCommand.self, ConfigCommand.self, ParseWorkerCommand.self,
        ])
}

/// Exit codes of the command-line contract (README, "Exit codes").
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    static let someRejected: Int32 = 3
    /// The store file cannot be trusted (damaged, or someone else's database): retrying or
    /// restarting will not help, so a service manager should not loop on it.
    static let damagedStore: Int32 = 4
}

@main
enum Entry {
    static func main() async {
        do {
            var command = try Tidings.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(for: error)
        }
    }

    private static func exit(for error: any Error) -> Never {
        Foundation.exit(report(error))
    }

    /// The exit status for `error`, without printing it: for an error already logged.
    static func exitStatus(for error: any Error) -> Int32 {
        switch error {
        case is ConfigurationError: return ExitStatus.usage
        case let error as StoreError:
            if error.isDamagedStore { return ExitStatus.damagedStore }
            return [.missing, .cannotOpen, .newerSchema, .invalidQuery].contains(error.code) ? ExitStatus.usage : ExitStatus.failure
        case let error as DaemonError: return error.code == .setup ? ExitStatus.usage : ExitStatus.failure
        case is UsageError: return ExitStatus.usage
        case let error as ExitCode: return error.rawValue
        default: return ExitStatus.failure
        }
    }

    /// Prints `error` on standard error and returns the exit status for it.
    private static func report(_ error: any Error) -> Int32 {
        switch error {
        case let error as ConfigurationError: printError(error.message)
        case let error as StoreError: printError(error.description)
        case let error as DaemonError: printError(error.message)
        case let error as UsageError: printError(error.message, keepingLineBreaks: true)
        case let error as CommandFailure: printError(error.message)
        case is ExitCode: break
        default:
            let code = Tidings.exitCode(for: error)
            if code == .success || error is CleanExit { Tidings.exit(withError: error) }
            if code == .validationFailure {
                printError(Tidings.fullMessage(for: error), keepingLineBreaks: true)
                return ExitStatus.usage
            }
            printError("\(error)")
        }
        return exitStatus(for: error)
    }
}

/// A mistake in what the command was asked to do, which the message explains without the
/// usage text (exit 2).
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A failure the command explains itself (exit 1).
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Writes `tidings: message` to standard error, on one line: a message may quote a file
/// name or a reason that a producer wrote.
func printError(_ message: String, keepingLineBreaks: Bool = false) {
    StandardError.write("tidings: " + TerminalText.escaped(message, keepingLineBreaks: keepingLineBreaks) + "\n")
}
