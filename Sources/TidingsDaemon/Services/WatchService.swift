import Foundation
import Logging
import LinuxSystem
import ServiceLifecycle
import Synchronization
import SystemPackage

/// Finds the files: follows the inotify watches, watches and scans each folder that appears
/// in the inbox tree, rescans the whole tree when the kernel's event queue overflowed, and
/// every `inbox.rescan_seconds` to catch anything else. Every entry found goes to the
/// ``InboxQueue``, which keeps each once.
///
/// The watch is established, and the inbox scanned once, before the service starts (see
/// ``Daemon``): watch first, then scan, so nothing arriving in between is missed — and the
/// same for every folder (``InboxScan``). A daemon with several inboxes runs one an inbox.
final class WatchService: Service {
    /// The inbox's name, for the logs.
    private let name: String
    private let watcher: InboxWatcher
    private let emptiedFolders: EmptiedFolders
    private let queue: InboxQueue
    private let state: DaemonState
    private let threads: BlockingThreads
    private let clock: any DaemonClock
    private let logger: Logger
    /// Folders already reported as too deep or unwatched, so each is said once.
    private let reported = Mutex(Set<FileName>())

    init(
        name: String, watcher: InboxWatcher, queue: InboxQueue, emptiedFolders: EmptiedFolders, state: DaemonState, threads: BlockingThreads,
        clock: any DaemonClock, logger: Logger
    ) {
        self.name = name
        self.watcher = watcher
        self.emptiedFolders = emptiedFolders
        self.queue = queue
        self.state = state
        self.threads = threads
        self.clock = clock
        self.logger = logger
    }

    func run() async throws {
        let events = watcher.events()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await self.rescanPeriodically() }
                try await self.follow(events)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.watcher.stop()
        }
    }

    private func follow(_ events: AsyncStream<InboxEvent>) async throws {
        for await event in events {
            switch event {
            case .entry(let name, let source):
                queue.add(name, source: source, now: clock.now)
            case .folder(let path, let source):
                try await scan(path, source: source)
            case .overflow:
                logger.warning("inotify queue overflowed; rescanning the inbox tree", metadata: ["inbox": .string(name), "inbox_path": .string(watcher.directory)])
                try await scan(FileName(bytes: []), source: .scanned)
            case .inboxGone(let reason):
                throw DaemonError(.inboxGone, "\(reason); recreate it and restart tidings")
            }
        }
        // The stream ends when the service stops it; ending otherwise would leave the
        // daemon blind to new files until the next rescan, so it is a failure.
        if !watcher.wasStopped { throw DaemonError(.watch, "the inotify watch on \(watcher.directory) ended unexpectedly") }
    }

    /// Rescans every `inbox.rescan_seconds` until cancelled. A rescan that fails is logged
    /// and tried again at the next turn: the watch itself still works.
    private func rescanPeriodically() async {
        while true {
            do { try await clock.sleep(until: clock.now + .seconds(state.settings.rescanSeconds)) } catch { return }
            await removeEmptiedFolders()
            do { try await scan(FileName(bytes: []), source: .scanned) } catch is CancellationError { return } catch {
                logger.error("the periodic rescan failed: \(error)", metadata: ["inbox": .string(name), "inbox_path": .string(watcher.directory)])
            }
        }
    }

    /// Removes the folders disposals emptied that are still empty (``EmptiedFolders``).
    private func removeEmptiedFolders() async {
        let (emptied, tree) = (emptiedFolders, InboxTree(root: watcher.directory))
        guard let removed = try? await threads.onWorker({ emptied.removeEmpty(tree: tree) }) else { return }
        for folder in removed {
            logger.info("removed the emptied folder \(folder)", metadata: ["inbox": .string(name), "folder": .string(folder.description)])
        }
    }

    /// Watches and queues everything under `folder` (the inbox for the empty path).
    private func scan(_ folder: FileName, source: InboxEntrySource) async throws {
        let found = try await Self.scan(folder, source: source, watcher: watcher, into: queue, threads: threads, settings: state.settings, now: clock.now)
        report(found)
    }

    /// Says once per folder what a scan could not do.
    private func report(_ scan: InboxScan) {
        let inbox = name
        let new = reported.withLock { reported in
            let folders = scan.tooDeep + scan.unwatched.map(\.folder)
            defer { reported.formUnion(folders) }
            return Set(folders.filter { !reported.contains($0) })
        }
        for folder in scan.tooDeep where new.contains(folder) {
            logger.warning("\(folder) is nested deeper than inbox.max_depth (\(state.settings.maxDepth)) folders: its files are not read; move them up or raise inbox.max_depth", metadata: [
                "inbox": .string(inbox), "folder": .string(folder.description),
            ])
        }
        for (folder, error) in scan.unwatched where new.contains(folder) {
            let why = error.errno == .noSpace
                ? "the inotify watches of this user are used up (fs.inotify.max_user_watches = \(Self.maxUserWatches.map(String.init) ?? "?"); raise it with sysctl)"
                : "\(error)"
            logger.warning("cannot watch \(folder): \(why); files arriving there are found by the rescan every inbox.rescan_seconds", metadata: [
                "inbox": .string(inbox), "folder": .string(folder.description),
            ])
        }
    }

    /// `fs.inotify.max_user_watches`: how many folders one user may watch.
    static var maxUserWatches: Int? {
        (try? FileSystem.contents(of: "/proc/sys/fs/inotify/max_user_watches")).flatMap {
            Int(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Watches and queues every file under `folder`; returns what the walk found.
    @discardableResult
    static func scan(
        _ folder: FileName, source: InboxEntrySource = .scanned, watcher: InboxWatcher, into queue: InboxQueue,
        threads: BlockingThreads, settings: Settings, now: ContinuousClock.Instant
    ) async throws -> InboxScan {
        let tree = InboxTree(root: watcher.directory)
        let (maxDepth, suffixes) = (settings.maxDepth, settings.ignoredSuffixes)
        let found = try await threads.onWorker {
            InboxScan.walk(folder, tree: tree, watcher: watcher, maxDepth: maxDepth, ignoredSuffixes: suffixes)
        }
        if folder.bytes.isEmpty, let (_, error) = found.unreadable.first(where: { $0.folder.bytes.isEmpty }) {
            throw DaemonError(.watch, "cannot list the inbox \(watcher.directory): \(error)")
        }
        for file in found.files { queue.add(file, source: source, now: now) }
        return found
    }
}
