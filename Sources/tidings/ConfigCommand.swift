import ArgumentParser
import Foundation
import TidingsCore
import TidingsDaemon

/// `tidings config check | show | systemd`: the configuration as the daemon would read it.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration, or show every setting in force and where it came from.",
        subcommands: [CheckCommand.self, ShowCommand.self, SystemdCommand.self])

    /// The file to read: `--config`, else $TIDINGS_CONFIG, else the default path.
    struct Source: ParsableArguments {
        @Option(help: ArgumentHelp(
            "The YAML configuration file.",
            discussion: "Default: $TIDINGS_CONFIG, else \(Settings.defaultConfigPath) when it exists.", valueName: "path"))
        var config: String?

        func inspect() async -> ConfigurationReport { await SettingsLoader.inspect(configPath: config) }
    }

    struct CheckCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Find every problem in the configuration, one line each.",
            discussion: """
                Checks what `tidings run` reads: the file's keys (an unknown key is a problem, with the \
                closest known one), each value's type and range (an enumeration lists its allowed values), \
                TIDINGS_* environment variables, and the directories (the inbox must exist; the rejected and \
                archive directories and the store's directory must be usable). Exits 0 when the daemon would \
                start with it, 2 otherwise. A TIDINGS_* variable that sets nothing is a warning only. The unit \
                runs this before starting and before each reload, so a bad configuration fails \
                `systemctl reload` and the running daemon keeps its configuration.
                """)

        @OptionGroup var source: Source

        @Flag(help: "One JSON object per problem: key, source, line, message, fatal.")
        var json = false

        func run() async throws {
            let report = await source.inspect()
            let problems = report.problems + PathCheck.problems(in: report)
            for problem in problems {
                if json {
                    print(JSONValue.object([
                        ("key", .string(problem.key)), ("source", .string(problem.source?.description)),
                        ("line", .int(problem.line)), ("message", .string(problem.message)),
                        ("fatal", .bool(problem.refusesStart)),
                    ]).rendered)
                } else {
                    print((problem.refusesStart ? "" : "warning: ") + Presentation.printable(problem.description))
                }
            }
            let fatal = problems.filter(\.refusesStart).count
            let file = report.fileExists ? report.path : "no file at \(report.path), defaults"
            guard fatal == 0 else {
                printError("\(fatal) problem\(fatal == 1 ? "" : "s") in the configuration (\(file)); the daemon would not start with it")
                throw ExitCode(ExitStatus.usage)
            }
            if !json { printError("configuration OK (\(file))") }
        }
    }

    struct ShowCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print every setting in force and where its value came from.",
            discussion: """
                One line per setting: `key = value  # source`, the source being default, file PATH, \
                environment VARIABLE or command line. Precedence, lowest first: default, file, environment, \
                command line. Exits 2 when the configuration has problems (they are printed, as by `check`).
                """)

        @OptionGroup var source: Source

        @Flag(help: "One JSON object per setting: key, value, source.")
        var json = false

        func run() async throws {
            let report = await source.inspect()
            let width = report.values.map(\.key.count).max() ?? 0
            for value in report.values {
                if json {
                    print(JSONValue.object([("key", .string(value.key)), ("value", .string(value.value)), ("source", .string(value.source.description))]).rendered)
                } else {
                    let key = value.key.padding(toLength: width, withPad: " ", startingAt: 0)
                    print("\(key) = \(Presentation.printable(value.value))  # \(Presentation.printable(value.source.description))")
                }
            }
            let fatal = report.problems.filter(\.refusesStart)
            for problem in fatal { printError(problem.description) }
            if !fatal.isEmpty { throw ExitCode(ExitStatus.usage) }
        }
    }
}
