import Logging
import LinuxSystem
import ServiceLifecycle

/// Finds the files: follows the inotify watch, rescans the whole inbox when the kernel's
/// event queue overflowed, and rescans it every `inbox.rescan_seconds` to catch anything
/// else. Every name found goes to the ``InboxQueue``, which keeps each name once.
///
/// The watch is established, and the inbox scanned once, before the service starts (see
/// ``Daemon``): watch first, then scan, so nothing arriving in between is missed.
final class WatchService: Service {
    private let watcher: InboxWatcher
    private let queue: InboxQueue
    private let state: DaemonState
    private let threads: BlockingThreads
    private let clock: any DaemonClock
    private let logger: Logger

    init(watcher: InboxWatcher, queue: InboxQueue, state: DaemonState, threads: BlockingThreads, clock: any DaemonClock, logger: Logger) {
        self.watcher = watcher
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
            case .overflow:
                logger.warning("inotify queue overflowed; rescanning the inbox", metadata: ["inbox": .string(watcher.directory)])
                try await scan()
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
            do { try await scan() } catch is CancellationError { return } catch {
                logger.error("the periodic rescan failed: \(error)", metadata: ["inbox": .string(watcher.directory)])
            }
        }
    }

    /// Queues every entry in the inbox.
    private func scan() async throws {
        try await Self.scan(watcher.directory, into: queue, threads: threads, now: clock.now)
    }

    /// Queues every entry of `directory`; returns how many there are.
    @discardableResult
    static func scan(_ directory: String, into queue: InboxQueue, threads: BlockingThreads, now: ContinuousClock.Instant) async throws -> Int {
        let names: [FileName]
        do {
            names = try await threads.onWorker { try FileSystem.names(in: directory) }
        } catch let error as SystemCallError {
            throw DaemonError(.watch, "cannot list the inbox \(directory): \(error)")
        }
        for name in names { queue.add(name, source: .scanned, now: now) }
        return names.count
    }
}
