import Logging
import ServiceLifecycle
import Systemd
import UnixSignals

/// What the service manager asks of the daemon beyond starting it: SIGHUP reloads the
/// configuration (RELOADING=1 … READY=1 around it; a configuration that does not load is
/// refused and the old one stays), and shutdown is announced (STOPPING=1) the moment it
/// begins — this service is shut down first, before the batch in flight drains.
package final class ControlService: Service {
    private let state: DaemonState
    private let notifier: any ServiceManagerNotifier
    private let statusLine: @Sendable () -> String
    private let load: @Sendable () async throws -> Settings
    private let logger: Logger

    /// - Parameter load: reads the configuration anew, as at start.
    package init(
        state: DaemonState, notifier: any ServiceManagerNotifier, statusLine: @escaping @Sendable () -> String,
        logger: Logger, load: @escaping @Sendable () async throws -> Settings
    ) {
        self.state = state
        self.notifier = notifier
        self.statusLine = statusLine
        self.load = load
        self.logger = logger
    }

    package func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
                await reload()
            }
        } onGracefulShutdown: {
            self.notifier.stopping()
        }
    }

    /// Loads the configuration and puts it in force, except for the inboxes and the paths,
    /// which change only on restart (the watches, the store and the directories are set up
    /// once).
    package func reload() async {
        notifier.reloading()
        defer { notifier.ready(status: statusLine()) }
        do {
            let reloaded = try await load()
            var applied = reloaded
            let current = state.settings
            let places = { (settings: Settings) in settings.inboxes.map { [$0.name, $0.path, $0.rejectedPath, $0.archivePath] } }
            let store = { (settings: Settings) in [settings.storePath, settings.storeURL, settings.storePasswordFile, settings.instance] }
            if places(reloaded) != places(current) || store(reloaded) != store(current) {
                logger.warning("the inboxes (their names and paths), the rejected, archive and store paths, and the store's URL and instance change only on restart; the other settings, the inboxes' defaults among them, are reloaded")
                applied.inboxPath = current.inboxPath
                applied.rejectedPath = current.rejectedPath
                applied.archivePath = current.archivePath
                applied.storePath = current.storePath
                applied.storeURL = current.storeURL
                applied.storePasswordFile = current.storePasswordFile
                applied.instance = current.instance
                applied.namedInboxes = current.namedInboxes.map { inbox in
                    var kept = inbox
                    kept.defaults = reloaded.namedInboxes.first { $0.name == inbox.name }?.defaults ?? inbox.defaults
                    return kept
                }
            }
            state.settings = applied
            LogThreshold.process.level = applied.logLevel
            logger.notice("configuration reloaded", metadata: [
                "log_level": .string(applied.logLevel.rawValue), MessageID.metadataKey: .string(MessageID.reloaded),
            ])
        } catch {
            logger.error("configuration reload refused; the previous configuration stays in force: \(error)", metadata: [
                MessageID.metadataKey: .string(MessageID.reloadRefused),
            ])
        }
    }
}
