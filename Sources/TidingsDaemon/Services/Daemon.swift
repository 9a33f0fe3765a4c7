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
/// With several inboxes (`inboxes.NAME.*`), each has its own watch, queue, claims, ingest
/// and watch services (``WatchedInbox``); the store, its writer thread, the parse workers,
/// the status and the controls are shared.
///
/// READY=1 is sent once the store is open, the watch is established, the files an earlier
/// run was reading are back in the queue (``ClaimRecovery``) and the start-up scan is
/// queued — in that order, so nothing that arrives during start-up is missed.
package struct Daemon {
    private let settings: Settings
    /// Each inbox's directories, in the configuration's order.
    private let directories: [InboxDirectories]
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
        let named = !settings.namedInboxes.isEmpty
        directories = try settings.inboxes.map { inbox throws(DaemonError) in try InboxDirectories(inbox, named: named) }
        let store = try settings.openStore(.readWrite, asDaemon: true)
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
            store: store, path: settings.storeLocation,
            retry: CommitRetry(maxPause: .seconds(settings.retryMaxSeconds), budget: settings.maxConsecutiveFailures),
            logger: logger, reopen: { () throws(StoreError) in try settings.openStore(.readWrite, asDaemon: true) })
        defer { writer.close() }
        let parsing = ParseWorkerPool(logger: logger)
        defer { parsing.shutDown() }
        try await BlockingThreads.run { threads in
            try await run(writer: writer, threads: threads, parsing: parsing, clock: SystemClock())
        }
    }

    private func run(writer: StoreWriter, threads: BlockingThreads, parsing: ParseWorkerPool, clock: SystemClock) async throws {
        let state = DaemonState(settings: settings, countsAtStart: countsAtStart)
        let notifier = SystemdNotifier(environment: environment)
        var inboxes: [WatchedInbox] = []
        defer { for inbox in inboxes { inbox.watcher.stop() } }
        for directories in self.directories { inboxes.append(try WatchedInbox(directories)) }
        try await recoverClaims(of: inboxes, writer: writer, state: state, threads: threads, clock: clock)
        var listener: MetricsListener?
        if let address = ListenAddress(settings.metricsListen) {
            listener = try await MetricsListener.bind(address, metrics: state.metrics)
        }
        var waiting = 0
        for inbox in inboxes {
            let startScan = try await WatchService.scan(
                FileName(bytes: []), watcher: inbox.watcher, into: inbox.queue, threads: threads, settings: settings, now: clock.now)
            waiting += startScan.files.count
        }
        let watched = inboxes.count == 1 ? inboxes[0].directories.inbox : "\(inboxes.count) inboxes"
        let names = inboxes.map { "\($0.directories.name) (\($0.directories.inbox))" }.joined(separator: ", ")
        logger.notice("watching \(inboxes.count == 1 ? watched : watched + ": " + names)", metadata: [
            "inbox": .string(inboxes.map(\.directories.name).joined(separator: " ")),
            "inbox_path": .string(inboxes.map(\.directories.inbox).joined(separator: " ")),
            "store": .string(writer.path), "backlog": .stringConvertible(waiting),
            "folders_watched": .stringConvertible(inboxes.reduce(0) { $0 + $1.watcher.watchCount }),
            "max_user_watches": .stringConvertible(WatchService.maxUserWatches ?? -1),
            MessageID.metadataKey: .string(MessageID.started),
        ])
        if let listener { logger.notice("serving metrics on http://\(listener.address)/metrics", metadata: ["metrics": .string(listener.address)]) }

        let queues = inboxes.map(\.queue)
        let backlog: @Sendable () -> Int = { queues.reduce(0) { $0 + $1.count } }
        let status = StatusService(
            state: state, backlog: backlog, writer: writer, inbox: watched, notifier: notifier,
            watchdog: Watchdog(environment: environment), clock: clock)
        notifier.ready(status: status.statusLine)
        let (configPath, flags, environment, logger) = (self.configPath, self.flags, self.environment, self.logger)
        var services: [any Service] = [
            status,
            ReportService(
                state: state, backlog: backlog, writer: writer, inbox: watched, statusLine: { status.statusLine },
                threads: threads, clock: clock, logger: logger, metricsAddress: listener?.address),
        ]
        let search = SearchRefresh(writer: writer, threads: threads, logger: logger, now: clock.now)
        services += inboxes.map { inbox in
            IngestService(
                state: state, queue: inbox.queue, writer: writer, directories: inbox.directories, claims: inbox.claims, threads: threads,
                parsing: parsing, clock: clock, logger: logger, emptiedFolders: inbox.emptiedFolders, search: search)
        }
        // After the ingest services, so that every watch ends before any batch in flight.
        for inbox in inboxes {
            services.append(WatchService(
                name: inbox.directories.name, watcher: inbox.watcher, queue: inbox.queue, emptiedFolders: inbox.emptiedFolders,
                state: state, threads: threads, clock: clock, logger: logger))
        }
        services.append(ControlService(state: state, notifier: notifier, statusLine: { status.statusLine }, logger: logger) {
            try await SettingsLoader.load(configPath: configPath, flags: flags, environment: environment)
        })
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

    /// Puts back in its queue each file an earlier run was reading when it stopped, and
    /// disposes of those it had committed (``ClaimRecovery``).
    private func recoverClaims(
        of inboxes: [WatchedInbox], writer: StoreWriter, state: DaemonState, threads: BlockingThreads, clock: SystemClock
    ) async throws {
        let (maxAttempts, logger) = (settings.maxAttempts, self.logger)
        let claimed = inboxes.map { ($0.directories, $0.claims) }
        let found: [ClaimRecovery.Found]
        do {
            found = try await threads.onWriter {
                try ClaimRecovery.recover(claimed, store: writer.store(), maxAttempts: maxAttempts, logger: logger)
            }
        } catch let error as SystemCallError {
            throw DaemonError(.setup, "cannot list the claims directories (\(inboxes.map(\.claims.path).joined(separator: ", "))): \(error)")
        }
        for (inbox, found) in zip(inboxes, found) {
            for suspect in found.suspects { inbox.queue.putBack(suspect, due: clock.now) }
            guard !found.committed.isEmpty else { continue }
            // Committed before the last stop, not yet disposed of: disposed of now, and the
            // claims of those now gone released.
            let (committed, directories) = (found.committed, inbox.directories)
            let disposal = try await threads.onWriter {
                let disposal = InboxDisposer(directories: directories).dispose(committed.map(\.outcome), at: committed.map(\.path))
                let gone = zip(committed, disposal.disposals).filter { !$0.1.isLeftInPlace }.map { URL(fileURLWithPath: $0.0.path).lastPathComponent }
                _ = try writer.store().recordAttempts([], releasing: gone)
                return disposal
            }
            let log = OutcomeLog(logger: logger, state: state, leftInPlace: LeftInPlace(), inbox: directories.name)
            for (outcome, disposed) in zip(committed.map(\.outcome), disposal.disposals) { log.record(outcome, disposed) }
        }
    }
}

/// One inbox of the running daemon and what watching it takes: its directories, its inotify
/// watch, the queue of its entries, its claims directory, and the folders its disposals
/// emptied.
private struct WatchedInbox {
    let directories: InboxDirectories
    let watcher: InboxWatcher
    let queue = InboxQueue()
    let claims: ClaimsDirectory
    let emptiedFolders = EmptiedFolders()

    init(_ directories: InboxDirectories) throws {
        self.directories = directories
        do { watcher = try InboxWatcher(directory: directories.inbox) } catch {
            throw DaemonError(.watch, "cannot watch the inbox \(directories.inbox): \(error)")
        }
        claims = try ClaimsDirectory(inbox: directories.inbox, rejected: directories.rejected)
    }
}
