import Foundation
import Glibc
import Logging
import ServiceLifecycle
import Synchronization
import SystemPackage
import Systemd
import TidingsCore
import TidingsStore
import UnixSignals

/// `tidings run`: watches the inbox and takes every file through the ingest pipeline,
/// keeping DESIGN.md §1's promises.
///
/// Order of work: the watch is established first, then what is already in the inbox is
/// scanned, so nothing that arrives during start-up is missed; a name is queued once
/// however many times it is reported. Each batch is committed before any of its files
/// leaves the inbox, and the inbox directory is fsynced after. On graceful shutdown
/// (SIGTERM, SIGINT) no new batch starts and the one in flight finishes. SIGHUP reloads
/// the configuration; a configuration that does not load is refused and the old one stays.
///
/// Under systemd it sends READY=1 once the store is open, the watch is established and
/// the start-up scan is queued; keeps STATUS= current (at most once a second); pings the
/// watchdog only while no batch has been running longer than the watchdog timeout; and
/// brackets reloads with RELOADING=1 … READY=1 and shutdown with STOPPING=1.
public final class InboxDaemon: Service {
    private let writer: StoreWriter
    private let directories: InboxDirectories
    private let configPath: String?
    private let flags: [String: String]
    private let environment: [String: String]
    private let logger: Logger
    private let settings: Mutex<Settings>
    private let queue = InboxQueue()
    private let counts = Mutex([IngestOutcome.Kind: Int]())
    /// Entries that could not be moved, by name, with the identity they had then, so that
    /// rescans do not try them again and again while they stay unchanged.
    private let leftInPlace = Mutex([String: (inode: UInt64, changedAt: Double)]())
    private let notifier = SystemdNotifier()
    private let watchdog = Watchdog()
    /// When the batch in flight started; nil while the pipeline waits for work.
    private let busySince = Mutex<ContinuousClock.Instant?>(nil)
    /// The store's counts when the daemon started; this run's counts are added to them.
    private let countsAtStart: StoreStats

    /// Checks the directories and opens the store; throws ``DaemonError`` or `StoreError`
    /// with what to fix.
    public init(
        settings: Settings, configPath: String?, flags: [String: String],
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws {
        directories = try InboxDirectories(settings: settings)
        let store = try settings.openStore(.readWrite)
        countsAtStart = try store.stats()
        writer = StoreWriter(store: store, settings: settings, logger: logger)
        self.settings = Mutex(settings)
        self.configPath = configPath
        self.flags = flags
        self.environment = environment
        self.logger = logger
    }

    public func run() async throws {
        // A writer opening a file while a read lease is held would otherwise kill us with
        // SIGIO; a closed log pipe would kill us with SIGPIPE. Both are errors to report.
        signal(SIGIO, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        let watcher: InboxWatcher
        do { watcher = try InboxWatcher(directory: directories.inbox) } catch {
            throw DaemonError(.watch, "cannot watch the inbox \(directories.inbox): \(error)")
        }
        defer { watcher.stop() }
        let events = watcher.events()
        let waiting = try scan()
        logger.info("watching \(directories.inbox)", metadata: [
            "inbox": .string(directories.inbox), "store": .string(writer.path), "backlog": .stringConvertible(waiting),
        ])
        notifier.ready(status: statusLine())

        try await withGracefulShutdownHandler {
            // Each task says whether its end ends the run: only the processing loop's does
            // (it returns on shutdown). The watchdog and status tasks end at once outside
            // systemd; the watcher throws if the inbox goes, and a throw ends the run too.
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await self.follow(events); return false }
                group.addTask { try await self.rescanPeriodically(); return false }
                group.addTask { await self.reloadOnHangUp(); return false }
                group.addTask { try await self.keepStatusCurrent(); return false }
                group.addTask { try await self.watchdog.run(whileHealthy: { self.isHealthy }); return false }
                group.addTask { try await self.process(); return true }
                while let endsTheRun = try await group.next(), !endsTheRun {}
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.notifier.stopping()
            self.queue.close()
        }
        let summary = counts.withLock { $0 }
        logger.info("stopped", metadata: Dictionary(uniqueKeysWithValues: IngestOutcome.Kind.allCases.map {
            ($0.rawValue, Logger.MetadataValue.stringConvertible(summary[$0] ?? 0))
        }))
    }

    // MARK: Finding files

    private func follow(_ events: AsyncStream<InboxEvent>) async throws {
        for await event in events {
            switch event {
            case .entry(let name, let source):
                queue.add(name, source: source)
            case .overflow:
                logger.warning("inotify queue overflowed; rescanning the inbox", metadata: ["inbox": .string(directories.inbox)])
                _ = try scan()
            case .inboxGone(let reason):
                throw DaemonError(.inboxGone, "\(reason); recreate it and restart tidings")
            }
        }
        // The stream ends on cancellation (shutdown); ending otherwise would leave the
        // daemon blind to new files until the next rescan, so it is a failure.
        if !Task.isCancelled { throw DaemonError(.watch, "the inotify watch on \(directories.inbox) ended unexpectedly") }
    }

    private func rescanPeriodically() async throws {
        while true {
            try await Task.sleep(for: .seconds(settings.withLock(\.rescanSeconds)))
            _ = try scan()
        }
    }

    /// Queues every entry in the inbox; returns how many there are.
    private func scan() throws -> Int {
        let names: [String]
        do { names = try FileSystem.names(in: directories.inbox) } catch {
            throw DaemonError(.watch, "cannot list the inbox \(directories.inbox): \(error)")
        }
        for name in names { queue.add(name, source: .scanned) }
        return names.count
    }

    // MARK: Configuration

    private func reloadOnHangUp() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            notifier.reloading()
            defer { notifier.ready(status: statusLine()) }
            do {
                let reloaded = try await SettingsLoader.load(configPath: configPath, flags: flags, environment: environment)
                let current = settings.withLock { $0 }
                var applied = reloaded
                if reloaded.inboxPath != current.inboxPath || reloaded.rejectedPath != current.rejectedPath
                    || reloaded.archivePath != current.archivePath || reloaded.storePath != current.storePath {
                    logger.warning("the inbox, rejected, archive and store paths change only on restart; the other settings are reloaded")
                    applied.inboxPath = current.inboxPath
                    applied.rejectedPath = current.rejectedPath
                    applied.archivePath = current.archivePath
                    applied.storePath = current.storePath
                }
                settings.withLock { $0 = applied }
                logger.info("configuration reloaded", metadata: ["config": .string(configPath ?? Settings.defaultConfigPath)])
            } catch {
                logger.error("configuration reload refused; the previous configuration stays in force: \(error)")
            }
        }
    }

    // MARK: Reporting

    /// What `systemctl status` shows: "watching /var/spool/tidings/inbox · 1234 stored ·
    /// 56 duplicates · 0 rejected · backlog 0", counted over the whole store.
    private func statusLine() -> String {
        let run = counts.withLock { $0 }
        let stored = countsAtStart.articles + countsAtStart.nearDuplicates + (run[.new] ?? 0) + (run[.nearDuplicate] ?? 0)
        let duplicates = countsAtStart.duplicates + (run[.duplicate] ?? 0)
        let rejected = countsAtStart.rejected + (run[.rejected] ?? 0)
        let line = "watching \(directories.inbox) · \(stored) stored · \(duplicates) duplicates · \(rejected) rejected · backlog \(queue.count)"
        guard let problem = writer.problem else { return line }
        return "\(problem) · " + line
    }

    /// Sends the status when it changed, at most once a second.
    private func keepStatusCurrent() async throws {
        guard notifier.isConnected else { return }
        var sent = ""
        while true {
            try await Task.sleep(for: .seconds(1))
            let line = statusLine()
            if line != sent, notifier.status(line) { sent = line }
        }
    }

    /// Healthy unless a batch has been running for longer than the watchdog timeout.
    private var isHealthy: Bool {
        guard let since = busySince.withLock({ $0 }), let timeout = watchdog.timeout else { return true }
        return ContinuousClock.now - since < timeout
    }

    // MARK: Processing

    /// Takes due entries in batches until the queue closes (graceful shutdown) or the task
    /// is cancelled (the watcher failed).
    private func process() async throws {
        let disposer = Disposer(directories: directories)
        while !queue.isClosed && !Task.isCancelled {
            let current = settings.withLock { $0 }
            let entries = queue.takeDue(limit: current.batchSize)
            if entries.isEmpty {
                await queue.waitForWork()
                continue
            }
            busySince.withLock { $0 = .now }
            defer { busySince.withLock { $0 = nil } }
            try await process(entries, settings: current, disposer: disposer)
        }
    }

    /// What to do with one due entry.
    private enum Decision: Sendable {
        case skip
        case retry(InboxQueue.Entry, after: Duration)
        case item(IngestItem, InboxQueue.Entry)
    }

    private func process(_ entries: [InboxQueue.Entry], settings: Settings, disposer: Disposer) async throws {
        let store: SQLiteStore
        do { store = try writer.store(settings) } catch {
            try commitFailed(error, putBack: entries)
            return
        }
        let pipeline = IngestPipeline(store: store, settings: settings, mode: .inbox)
        let decisions = await withTaskGroup(of: [Decision].self) { group in
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, entries.count))
            for worker in 0..<workers {
                let share = stride(from: worker, to: entries.count, by: workers).map { entries[$0] }
                group.addTask { share.map { self.decide($0, pipeline: pipeline, settings: settings) } }
            }
            var all: [Decision] = []
            for await part in group { all += part }
            return all
        }
        var items: [IngestItem] = []
        var taken: [InboxQueue.Entry] = []
        for decision in decisions {
            switch decision {
            case .skip: break
            case .retry(let entry, let delay): queue.add(entry.name, source: entry.source, due: .now + delay)
            case .item(let item, let entry):
                items.append(item)
                taken.append(entry)
            }
        }
        guard !items.isEmpty else { return }
        let outcomes: [IngestOutcome]
        do { outcomes = try store.commit(items, deduplicator: pipeline.deduplicator) } catch {
            try commitFailed(StoreError(classifying: error, doing: "committing a batch", path: writer.path), putBack: taken)
            return
        }
        writer.succeeded()
        for outcome in outcomes { dispose(outcome, with: disposer) }
        do { try disposer.syncDirectories() } catch {
            logger.error("cannot fsync the inbox directories: \(error)")
        }
    }

    private func decide(_ entry: InboxQueue.Entry, pipeline: IngestPipeline, settings: Settings) -> Decision {
        let name = entry.name
        if InboxNames.isIgnored(name, suffixes: settings.ignoredSuffixes) { return .skip }
        let path = directories.path(name)
        guard let status = try? FileSystem.lstat(path) else { return .skip }  // gone already
        if let left = leftInPlace.withLock({ $0[name] }), left.inode == status.inode, left.changedAt == status.changedAt {
            return .skip
        }
        guard status.type == .regular else {
            let rejection = Rejection(.notRegularFile, "not a regular file (\(status.type.reasonPhrase))")
            return .item(pipeline.rejected(name, rejection, size: nil), entry)
        }
        let settle = Duration.milliseconds(settings.settleMilliseconds)
        if entry.source != .movedIn {
            let remaining = settle - .seconds(Date().timeIntervalSince1970 - status.changedAt)
            if remaining > .zero { return .retry(entry, after: remaining + .milliseconds(1)) }
        }
        switch pipeline.prepare(path: path, name: name) {
        case .item(let item):
            return .item(item, entry)
        case .busy(let reason):
            logger.debug("not ready: \(reason)", metadata: ["file": .string(name)])
            return .retry(entry, after: max(settle, .milliseconds(100)))
        }
    }

    /// Puts a batch that could not be committed back in the queue, and holds the queue
    /// for the pause the writer asks for (or stops the daemon when it says so). Nothing of
    /// the batch was acknowledged: its files are all still in the inbox.
    private func commitFailed(_ error: StoreError, putBack entries: [InboxQueue.Entry]) throws {
        for entry in entries { queue.add(entry.name, source: entry.source) }
        let pause = try writer.failed(error, files: entries.count)
        queue.pause(until: .now + pause)
    }

    private func dispose(_ outcome: IngestOutcome, with disposer: Disposer) {
        let disposal = disposer.dispose(outcome)
        if !outcome.replayed { counts.withLock { $0[outcome.kind, default: 0] += 1 } }
        var metadata: Logger.Metadata = [
            "outcome": .string(outcome.kind.rawValue), "file": .string(outcome.file), "seq": .stringConvertible(outcome.sequence),
        ]
        if let id = outcome.articleID { metadata["article_id"] = .stringConvertible(id) }
        if let of = outcome.duplicateOf { metadata["duplicate_of"] = .stringConvertible(of) }
        if let similarity = outcome.similarity { metadata["similarity"] = .string(String(format: "%.4f", similarity)) }
        if let reason = outcome.reason { metadata["reason"] = .string(reason) }
        if outcome.replayed { metadata["replayed"] = "true" }
        switch disposal {
        case .leftInPlace(let why):
            if let status = try? FileSystem.lstat(directories.path(outcome.file)) {
                leftInPlace.withLock { $0[outcome.file] = (status.inode, status.changedAt) }
            }
            metadata["disposal_error"] = .string(why)
            logger.error("\(outcome.kind.rawValue) but left in the inbox: \(why)", metadata: metadata)
        case .quarantined(let target):
            metadata["moved_to"] = .string(target)
            logger.notice("\(outcome.kind.rawValue): \(outcome.reason ?? "")", metadata: metadata)
        case .archived(let target):
            metadata["moved_to"] = .string(target)
            logger.info("\(outcome.kind.rawValue)", metadata: metadata)
        case .deleted, .alreadyGone:
            logger.info("\(outcome.kind.rawValue)", metadata: metadata)
        }
    }
}
