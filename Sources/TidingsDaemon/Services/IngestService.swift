import Logging
import ServiceLifecycle
import TidingsCore
import TidingsStore

/// Takes the inbox entries that are due through the ingest pipeline, a batch at a time:
/// checks and prepares them, commits the ready ones, disposes of their files, and puts
/// back what must wait. A batch that cannot be committed goes back to the queue whole,
/// which pauses for as long as the ``StoreWriter`` says.
///
/// On graceful shutdown no new batch starts and the one in flight finishes.
package final class IngestService: Service {
    private let state: DaemonState
    private let queue: InboxQueue
    private let writer: StoreWriter
    private let directories: InboxDirectories
    private let threads: BlockingThreads
    private let parsing: any ArticleParsing
    private let clock: any DaemonClock
    private let leftInPlace = LeftInPlace()
    private let log: OutcomeLog
    private let logger: Logger

    package init(
        state: DaemonState, queue: InboxQueue, writer: StoreWriter, directories: InboxDirectories,
        threads: BlockingThreads, parsing: any ArticleParsing, clock: any DaemonClock, logger: Logger
    ) {
        self.parsing = parsing
        self.state = state
        self.queue = queue
        self.writer = writer
        self.directories = directories
        self.threads = threads
        self.clock = clock
        self.logger = logger
        log = OutcomeLog(logger: logger, state: state, leftInPlace: leftInPlace)
    }

    package func run() async throws {
        try await withGracefulShutdownHandler {
            while !queue.isClosed && !Task.isCancelled {
                if try await !processDueBatch() { await queue.waitForWork(on: clock) }
            }
        } onGracefulShutdown: {
            self.queue.close()
        }
    }

    /// Takes the entries due now through the pipeline; false when none was due.
    package func processDueBatch() async throws -> Bool {
        let settings = state.settings
        let entries = queue.takeDue(limit: settings.batchSize, now: clock.now)
        guard !entries.isEmpty else { return false }
        state.batchStarted(at: clock.now)
        defer { state.batchEnded() }
        let pipeline = IngestPipeline(
            settings: settings, mode: .inbox, threads: threads, parsing: parsing, disposer: InboxDisposer(directories: directories))
        let check = EntryCheck(directories: directories, settings: settings, leftInPlace: leftInPlace)
        let preparations = try await pipeline.prepare(entries: entries, check: check, now: clock.now)
        var items: [IngestItem] = []
        var taken: [InboxEntry] = []
        for (entry, preparation) in zip(entries, preparations) {
            switch preparation {
            case .skip:
                break
            case .wait(let until, let observed):
                var waiting = entry
                waiting.observed = observed
                queue.putBack(waiting, due: until)
            case .item(let item):
                items.append(item)
                taken.append(entry)
            }
        }
        guard !items.isEmpty else { return true }
        let outcomes: [IngestOutcome]
        do {
            let writer = self.writer
            let store = try await threads.onWriter { try writer.store() }
            outcomes = try await pipeline.commit(items, into: store)
        } catch let error as StoreError {
            try await commitFailed(error, putBack: taken)
            return true
        }
        writer.succeeded()
        let disposal = try await pipeline.dispose(outcomes)
        for (outcome, disposed) in zip(outcomes, disposal.disposals) { log.record(outcome, disposed) }
        if let failure = disposal.syncFailure { logger.error("cannot fsync the inbox directories: \(failure)") }
        return true
    }

    /// Puts a batch that could not be committed back in the queue, and holds the queue for
    /// the pause the writer asks for (or stops the daemon when it says so). Nothing of the
    /// batch was acknowledged: its files are all still in the inbox.
    private func commitFailed(_ error: StoreError, putBack entries: [InboxEntry]) async throws {
        let now = clock.now
        for entry in entries { queue.putBack(entry, due: now) }
        let writer = self.writer
        let pause = try await threads.onWriter { try writer.failed(error, files: entries.count) }
        queue.pause(until: now + pause)
    }
}
