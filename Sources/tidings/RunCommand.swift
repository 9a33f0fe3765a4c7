import ArgumentParser
import Logging
import Systemd
import SystemPackage
import TidingsDaemon
import TidingsStore

extension LogFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch the inbox and ingest every file that arrives (the daemon).",
        discussion: """
            Deliver files by writing them elsewhere (or under a dot-name) and renaming them into the inbox; \
            files written in place are read once they have settled. Stored files are deleted (or moved to the \
            archive directory) once committed; rejected files move to the rejected directory with NAME.reason.json. \
            SIGTERM or SIGINT: finish the batch in flight and exit 0. SIGHUP: reload the configuration. \
            When a commit fails the files stay in the inbox: a full disk or a busy store is waited out, an I/O \
            error reopens the store. Exits 2 when a directory or the store cannot be used, 4 when the store is \
            damaged or not a Tidings store, 1 when the inbox goes away while watched or store.max_consecutive_failures \
            commits fail in a row.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("The directory to watch (inbox.path).", valueName: "dir"))
    var inbox: String?

    @Option(help: ArgumentHelp("Where rejected files go (inbox.rejected_path).", valueName: "dir"))
    var rejected: String?

    @Option(help: ArgumentHelp("Where stored files go instead of being deleted (inbox.archive_path).", valueName: "dir"))
    var archive: String?

    @Option(help: ArgumentHelp(
        "journald, text or json.", discussion: "Default: journald when standard error is the journal (under systemd), else text.",
        valueName: "format"))
    var logFormat: LogFormat?

    @Option(help: ArgumentHelp(
        "The least severe level logged: trace, debug, info, notice, warning, error or critical (log.level).",
        discussion: "Default: log.level from the configuration ($TIDINGS_LOG_LEVEL), else info. SIGHUP reloads it.",
        valueName: "level"))
    var logLevel: Logger.Level?

    func run() async throws {
        var flags: [String: String] = [:]
        if let store = options.store { flags.merge(StoreOptions.flags(forStore: store)) { $1 } }
        if let inbox { flags["inbox.path"] = inbox }
        if let rejected { flags["inbox.rejected_path"] = rejected }
        if let archive { flags["inbox.archive_path"] = archive }
        if let logLevel { flags["log.level"] = logLevel.rawValue }
        let format = logFormat ?? .automatic
        format.bootstrap()
        let logger = Logger(label: "tidings")
        do {
            let settings = try await SettingsLoader.load(configPath: options.config, flags: flags)
            LogThreshold.process.level = settings.logLevel
            try await Daemon(settings: settings, configPath: options.config, flags: flags, logger: logger).run()
        } catch {
            // systemctl status shows why.
            SystemdNotifier().failed(errno: Self.errno(for: error), status: "\(error)")
            // In the journal or a JSON log the reason is an entry like any other; as text it
            // is the usual error line on standard error.
            guard format == .text else {
                logger.critical("\(error)", metadata: [
                    "exit_status": .stringConvertible(Entry.exitStatus(for: error)), MessageID.metadataKey: .string(MessageID.fatal),
                ])
                throw ExitCode(Entry.exitStatus(for: error))
            }
            throw error
        }
    }

    /// The errno systemd shows for a fatal error.
    private static func errno(for error: any Error) -> Int32 {
        switch error {
        case let error as DaemonError:
            switch error.code {
            case .inboxGone: Errno.noSuchFileOrDirectory.rawValue
            case .storeFailed: Errno.ioError.rawValue
            case .setup, .watch: Errno.invalidArgument.rawValue
            }
        case is ConfigurationError: Errno.invalidArgument.rawValue
        default: Errno.ioError.rawValue
        }
    }
}
