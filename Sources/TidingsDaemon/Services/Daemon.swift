import Foundation
import LinuxSystem
import Logging
import ServiceLifecycle
import Systemd
import TidingsCore
import TidingsStore
import UnixSignals

/// `tidings run`: watches the inbox and takes every file that arrives through the ingest
/// pipeline, keeping the promises ARCHITECTURE.md lists.
///
/// The daemon is a `ServiceGroup` of small services with one job each:
/// ``StatusService`` (status line and watchdog), ``IngestService`` (batches: check,
/// prepare, commit, dispose), ``WatchService`` (inotify, overflow and periodic rescans) and
/// ``ControlService`` (SIGHUP reloads, STOPPING=1). On SIGTERM or SIGINT they stop in
/// reverse order: control announces the stop, the watch ends, the batch in flight finishes,
/// and the status goes last.
///
/// READY=1 is sent once the store is open, the watch is established, the files an earlier
/// run was reading are back in the queue (``ClaimRecovery``) and the start-up scan is
/// queued — in that order, so nothing that arrives during start-up is missed.
package struct Daemon {
    private let settings: Settings
    private let directories: InboxDirectories
    private let store: any DaemonStore
    private let countsAtStart: StoreStats
    private let configPath: String?
    private let flags: [String: String]
    private let environment: [String: String]
    private let logger: Logger

    /// Checks the directories and opens the store; throws ``DaemonError`` or `StoreError`
    /// with what to fix.
    package init(
        settings: Settings, configPath: String?, flags: [String: String],
        environment: [String: String] = ProcessEnvironment.current, logger: Logger
    ) throws {
        directories = try InboxDirectories(settings: settings)
        let store = try settings.openStore(.readWrite)
        countsAtStart = try store.stats()
        self.store = store
        self.settings = settings
        self.configPath = configPath
        self.flags = flags
        self.environment = environment
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT (returns) or until the daemon cannot go on (throws).
    package func run() async throws {
        ProcessSignals.ignoreLeaseBreaksAndClosedPipes()
        let settings = self.settings
        let writer = StoreWriter(
            store: store, path: settings.storePath,
            retry: CommitRetry(maxPause: .seconds(settings.retryMaxSeconds), budget: settings.maxConsecutiveFailures),
            logger: logger, reopen: { () throws(StoreError) in try settings.openStore(.readWrite) })
        defer { writer.close() }
        let parsing = ParseWorkerPool(logger: logger)
        defer { parsing.shutDown() }
        try await BlockingThreads.run { threads in
            try await run(writer: writer, threads: threads, parsing: parsing, clock: SystemClock())
        }
    }

    private func run(writer: StoreWriter, threads: BlockingThreads, parsing: ParseWorkerPool, clock: SystemClock) async throws {
        let state = DaemonState(settings: settings, countsAtStart: countsAtStart)
        let queue = InboxQueue()
        let notifier = SystemdNotifier(environment: environment)
        let watcher: InboxWatcher
        do { watcher = try InboxWatcher(directory: directories.inbox) } catch {
            throw DaemonError(.watch, "cannot watch the inbox \(directories.inbox): \(error)")
        }
        defer { watcher.stop() }
        let claims = try ClaimsDirectory(inbox: directories.inbox, rejected: directories.rejected)
        let (directories, maxAttempts, logger) = (self.directories, settings.maxAttempts, self.logger)
        let found: ClaimRecovery.Found
        do {
            found = try await threads.onWriter {
                try ClaimRecovery.recover(claims, store: writer.store(), directories: directories, maxAttempts: maxAttempts, logger: logger)
            }
        } catch let error as SystemCallError {
            throw DaemonError(.setup, "cannot list the claims directory \(claims.path): \(error)")
        }
        for suspect in found.suspects { queue.putBack(suspect, due: clock.now) }
        if !found.committed.isEmpty {
            // Committed before the last stop, not yet disposed of: disposed of now, and the
            // claims of those now gone released.
            let committed = found.committed
            let disposal = try await threads.onWriter {
                let disposal = InboxDisposer(directories: directories).dispose(committed.map(\.outcome), at: committed.map(\.path))
                let gone = zip(committed, disposal.disposals).filter { !$0.1.isLeftInPlace }.map { URL(fileURLWithPath: $0.0.path).lastPathComponent }
                _ = try writer.store().recordAttempts([], releasing: gone)
                return disposal
            }
            let log = OutcomeLog(logger: logger, state: state, leftInPlace: LeftInPlace())
            for (outcome, disposed) in zip(committed.map(\.outcome), disposal.disposals) { log.record(outcome, disposed) }
        }
        var listener: MetricsListener?
        if let address = ListenAddress(settings.metricsListen) {
            listener = try await MetricsListener.bind(address, metrics: state.metrics)
        }
        let startScan = try await WatchService.scan(
            FileName(bytes: []), watcher: watcher, into: queue, threads: threads, settings: settings, now: clock.now)
        let waiting = startScan.files.count
        logger.notice("watching \(directories.inbox)", metadata: [
            "inbox": .string(directories.inbox), "store": .string(writer.path), "backlog": .stringConvertible(waiting),
            "folders_watched": .stringConvertible(watcher.watchCount),
            "max_user_watches": .stringConvertible(WatchService.maxUserWatches ?? -1),
            MessageID.metadataKey: .string(MessageID.started),
        ])
        if let listener { logger.notice("serving metrics on http://\(listener.address)/metrics", metadata: ["metrics": .string(listener.address)]) }

        let status = StatusService(
            state: state, queue: queue, writer: writer, inbox: directories.inbox, notifier: notifier,
            watchdog: Watchdog(environment: environment), clock: clock)
        notifier.ready(status: status.statusLine)
        let (configPath, flags, environment) = (self.configPath, self.flags, self.environment)
        var services: [any Service] = [
            status,
            ReportService(
                state: state, queue: queue, writer: writer, inbox: directories.inbox, statusLine: { status.statusLine },
                threads: threads, clock: clock, logger: logger, metricsAddress: listener?.address),
            IngestService(
                state: state, queue: queue, writer: writer, directories: directories, claims: claims, threads: threads, parsing: parsing,
                clock: clock, logger: logger),
            WatchService(watcher: watcher, queue: queue, state: state, threads: threads, clock: clock, logger: logger),
            ControlService(state: state, notifier: notifier, statusLine: { status.statusLine }, logger: logger) {
                try await SettingsLoader.load(configPath: configPath, flags: flags, environment: environment)
            },
        ]
        if let listener { services.append(listener) }
        var lifecycleLogger = Logger(label: "tidings.lifecycle")
        lifecycleLogger.logLevel = .warning
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: lifecycleLogger))
        try await group.run()

        let summary = state.countsThisRun
        var counts = Logger.Metadata(uniqueKeysWithValues: IngestOutcome.Kind.allCases.filter { $0 != .removed }.map {
            ($0.rawValue, Logger.MetadataValue.stringConvertible(summary[$0] ?? 0))
        })
        counts[MessageID.metadataKey] = .string(MessageID.stopped)
        logger.notice("stopped", metadata: counts)
    }
}
