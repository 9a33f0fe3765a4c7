import LinuxSystem
import Logging
import ServiceLifecycle
import SystemPackage
import Synchronization
import TidingsCore
import TidingsStore

/// Takes the inbox entries that are due through the ingest pipeline, a batch at a time:
///
/// 1. looks at them without opening them (``EntryCheck``) and takes the ready ones, up to
///    `ingest.batch_max_bytes`;
/// 2. claims them (``Claimer``): the attempt is recorded durably, then each file is moved
///    into the claims directory, out of producers' reach;
/// 3. reads, parses and fingerprints them, none begun after `ingest.batch_max_seconds`;
/// 4. commits the batch, disposes of its files from the claims directory, and releases
///    their claims with a later batch's.
///
/// Batches overlap as in `tidings ingest`: the next batch is claimed before one commits and
/// read while it commits (reading is the worker threads', committing the writer's), and a
/// batch's disposal runs on its own thread beside the next one's claim and read, ending
/// before that batch commits. At 200 files/s, when a batch is one file, the disposal took
/// ~0.8 ms of the ~3.5 a batch kept the service busy; under a burst of 3,000 files, reading
/// beside the commit raised the sustained rate from 965–1,164 to 1,078–1,440 files/s
/// (`tidings-bench daemon`, alternated). A batch read beside a commit that fails goes back
/// to the queue like the failed one; on a graceful stop it is committed first.
///
/// Between batches, committed articles are added to the full-text index (``SearchRefresh``).
/// What must wait goes back to the queue. A batch that cannot be committed goes back whole,
/// and the queue pauses for as long as the ``StoreWriter`` says. On graceful shutdown no
/// new batch starts and the ones in flight finish.
///
/// A daemon with several inboxes runs one such service an inbox, each with its own queue
/// and claims, all committing through the one ``StoreWriter`` (whose thread serialises the
/// commits) and sharing one ``SearchRefresh``.
package final class IngestService: Service {
    private let state: DaemonState
    private let queue: InboxQueue
    private let writer: StoreWriter
    private let directories: InboxDirectories
    private let claims: ClaimsDirectory
    private let emptiedFolders: EmptiedFolders
    private let threads: BlockingThreads
    private let parsing: any ArticleParsing
    private let clock: any DaemonClock
    private let leftInPlace = LeftInPlace()
    private let log: OutcomeLog
    private let search: SearchRefresh
    private let logger: Logger
    /// Claims of files disposed of, released with the next batch's claims.
    private let releases = Mutex<[String]>([])
    /// The last batch's disposal, while it runs.
    private let disposal = Mutex<Task<Void, any Error>?>(nil)

    package init(
        state: DaemonState, queue: InboxQueue, writer: StoreWriter, directories: InboxDirectories, claims: ClaimsDirectory,
        threads: BlockingThreads, parsing: any ArticleParsing, clock: any DaemonClock, logger: Logger,
        emptiedFolders: EmptiedFolders = EmptiedFolders(), search: SearchRefresh? = nil
    ) {
        self.state = state
        self.queue = queue
        self.writer = writer
        self.directories = directories
        self.claims = claims
        self.emptiedFolders = emptiedFolders
        self.threads = threads
        self.parsing = parsing
        self.clock = clock
        self.logger = logger
        log = OutcomeLog(logger: logger, state: state, leftInPlace: leftInPlace, inbox: directories.name)
        self.search = search ?? SearchRefresh(writer: writer, threads: threads, logger: logger, now: clock.now)
    }

    package func run() async throws {
        // A batch read and waiting for its commit. The next batch is claimed before it
        // commits and read while it does, on the worker threads, as `tidings ingest` does.
        var ahead: ReadBatch?
        do {
            try await withGracefulShutdownHandler {
                while !queue.isClosed && !Task.isCancelled {
                    let step = try await takeAndClaim()
                    let claimed: ClaimedBatch? = if case .claimed(let batch) = step { batch } else { nil }
                    if let batch = ahead.take() {
                        let reading = claimed.map { claimed in Task { try await self.read(claimed) } }
                        do {
                            try await commit(batch)
                        } catch {
                            ahead = (try? await reading?.value) ?? nil
                            throw error
                        }
                        ahead = try await reading?.value ?? nil
                        if ahead == nil { state.batchEnded(inbox: directories.name) }
                        await search.afterBatch(now: clock.now)
                        continue
                    }
                    if let claimed {
                        ahead = try await read(claimed)
                        if ahead == nil { state.batchEnded(inbox: directories.name) }
                        continue
                    }
                    if case .handled = step {
                        state.batchEnded(inbox: directories.name)
                        await search.afterBatch(now: clock.now)
                        continue
                    }
                    switch await search.whenIdle(now: clock.now) {
                    case .nothing: await queue.waitForWork(on: clock)
                    case .wait(let until): await queue.waitForWork(on: clock, orUntil: until)
                    case .more: continue
                    }
                }
                // The batch read beside the last commit is committed too.
                if let batch = ahead.take() {
                    try await commit(batch)
                    state.batchEnded(inbox: directories.name)
                }
            } onGracefulShutdown: {
                self.queue.close()
            }
        } catch {
            // A batch read but not committed goes back with the queue's entries.
            if let batch = ahead.take() {
                for entry in batch.taken { queue.putBack(entry, due: clock.now) }
            }
            state.batchEnded(inbox: directories.name)
            try? await finishDisposal()
            try? await returnClaimedFiles()
            throw error
        }
        try? await finishDisposal()
        try? await returnClaimedFiles()
    }

    /// Takes the entries due now through the pipeline, their disposal included; false when
    /// none was due.
    package func processDueBatch() async throws -> Bool {
        defer { state.batchEnded(inbox: directories.name) }
        switch try await takeAndClaim() {
        case .nothing: return false
        case .handled: return true
        case .claimed(let claimed):
            if let batch = try await read(claimed) { try await commit(batch) }
            try await finishDisposal()
            return true
        }
    }

    /// Waits for the last batch's disposal to end.
    private func finishDisposal() async throws {
        try await disposal.withLock { $0 }?.value
    }

    /// What ``takeAndClaim()`` did.
    private enum ClaimStep {
        /// No entry was due, or commits are paused.
        case nothing
        /// Entries were due, and none of them is left to read or commit.
        case handled
        /// A batch was claimed: its files are to be read.
        case claimed(ClaimedBatch)
    }

    /// A batch whose files are claimed, not yet read.
    private struct ClaimedBatch: Sendable {
        let pipeline: IngestPipeline
        let check: EntryCheck
        let started: ContinuousClock.Instant
        /// The entries claimed, to read.
        let claimed: [InboxEntry]
        /// What is already known without reading: files that used up their attempts.
        let items: [IngestItem]
        let taken: [InboxEntry]
    }

    /// A batch read, waiting for its commit: `items[i]` is `taken[i]`'s.
    private struct ReadBatch: Sendable {
        let pipeline: IngestPipeline
        let check: EntryCheck
        let items: [IngestItem]
        let taken: [InboxEntry]
    }

    /// Takes the entries due now, looks at them, and claims the ready ones.
    private func takeAndClaim() async throws -> ClaimStep {
        let settings = state.settings
        if let until = writer.commitsPaused(at: clock.now) {
            // Another inbox's commit failed: this one waits out the same pause.
            queue.pause(until: until)
            return .nothing
        }
        let entries = queue.takeDue(limit: settings.batchSize, now: clock.now)
        guard !entries.isEmpty else { return .nothing }
        let started = clock.now
        let inbox = directories.name
        state.batchStarted(at: started, inbox: inbox)
        let pipeline = IngestPipeline(
            settings: settings, mode: .inbox, threads: threads, parsing: parsing, disposer: InboxDisposer(directories: directories),
            inbox: inbox, defaults: settings.inboxes.first { $0.name == inbox }?.defaults ?? InboxDefaults())
        let check = EntryCheck(directories: directories, claims: claims, settings: settings, leftInPlace: leftInPlace)

        let ready = try await readyEntries(entries, pipeline: pipeline, check: check, maxBytes: settings.batchMaxBytes)
        guard !ready.isEmpty else { return .handled }
        var claimed: [InboxEntry] = []
        var items: [IngestItem] = []
        var taken: [InboxEntry] = []
        for outcome in try await claim(ready, maxAttempts: settings.maxAttempts) {
            switch outcome {
            case .read(let entry): claimed.append(entry)
            case .exhausted(let entry):
                var item = pipeline.rejected(entry.name.description, Claimer.exhaustedReason(attempts: entry.claim?.attempts ?? 0))
                item.claimToken = entry.claim?.token
                items.append(item)
                taken.append(entry)
            case .gone(let token): releases.withLock { $0.append(token) }
            case .failed(let entry, let error, let token):
                releases.withLock { $0.append(token) }
                // In a folder a producer made without group write, the daemon cannot take files out.
                let hint = [.permissionDenied, .notPermitted].contains(error.errno) && !entry.name.split.folder.bytes.isEmpty
                    ? "; the folder \(entry.name.split.folder) must be writable by the tidings group (producers: umask 002)" : ""
                logger.error("cannot claim \(entry.name), it stays in the inbox: \(error)\(hint)", metadata: [
                    "file": .string(entry.name.description), "inbox": .string(directories.name),
                ])
            }
        }
        guard !claimed.isEmpty || !items.isEmpty else { return .handled }
        return .claimed(ClaimedBatch(pipeline: pipeline, check: check, started: started, claimed: claimed, items: items, taken: taken))
    }

    /// Reads, parses and fingerprints a claimed batch's files, none begun after
    /// `ingest.batch_max_seconds`; nil when nothing is left to commit.
    private func read(_ batch: ClaimedBatch) async throws -> ReadBatch? {
        let deadline = batch.started + .seconds(state.settings.batchMaxSeconds)
        let (state, clock, inbox) = (self.state, self.clock, directories.name)
        let preparations = try await batch.pipeline.read(batch.claimed, with: batch.check, clock: clock, deadline: deadline) {
            state.madeProgress(at: clock.now, inbox: inbox)
        }
        var (items, taken) = (batch.items, batch.taken)
        for (entry, preparation) in zip(batch.claimed, preparations) {
            switch preparation {
            case var .item(item):
                item.claimToken = entry.claim?.token
                items.append(item)
                taken.append(entry)
            case .busy(let until): queue.putBack(entry, due: until)
            case .notStarted: queue.putBack(entry, due: clock.now)
            }
        }
        guard !items.isEmpty else { return nil }
        return ReadBatch(pipeline: batch.pipeline, check: batch.check, items: items, taken: taken)
    }

    /// Commits a read batch and starts its disposal, unless commits are paused (another
    /// batch failed meanwhile): then it goes back to the queue, its files still claimed.
    private func commit(_ batch: ReadBatch) async throws {
        if let until = writer.commitsPaused(at: clock.now) {
            for entry in batch.taken { queue.putBack(entry, due: until) }
            return
        }
        try await commitAndDispose(batch.items, of: batch.taken, pipeline: batch.pipeline, check: batch.check)
    }

    /// The entries to take now, in order: the ready ones up to `maxBytes` (at least one);
    /// the others go back to the queue.
    private func readyEntries(
        _ entries: [InboxEntry], pipeline: IngestPipeline, check: EntryCheck, maxBytes: Int
    ) async throws -> [InboxEntry] {
        let now = clock.now
        var ready: [InboxEntry] = []
        var bytes = 0
        for (entry, verdict) in zip(entries, try await pipeline.check(entries, with: check, now: now)) {
            switch verdict {
            case .skip:
                if let claim = entry.claim { releases.withLock { $0.append(claim.token) } }
            case .wait(let until, let observed):
                var waiting = entry
                waiting.observed = observed
                queue.putBack(waiting, due: until)
            case .ready(let size):
                if !ready.isEmpty && bytes + size > maxBytes {
                    queue.putBack(entry, due: now)
                } else {
                    ready.append(entry)
                    bytes += size
                }
            }
        }
        return ready
    }

    private func claim(_ entries: [InboxEntry], maxAttempts: Int) async throws -> [Claimer.Claimed] {
        let released = releases.withLock { tokens in defer { tokens = [] }; return tokens }
        let (writer, directories, claims) = (self.writer, self.directories, self.claims)
        do {
            return try await threads.onWriter {
                try Claimer(store: try writer.store(), directories: directories, claims: claims, maxAttempts: maxAttempts)
                    .claim(entries, releasing: released)
            }
        } catch let error as StoreError {
            releases.withLock { $0 += released }
            try await commitFailed(error, putBack: entries)
            return []
        }
    }

    private func commitAndDispose(_ items: [IngestItem], of entries: [InboxEntry], pipeline: IngestPipeline, check: EntryCheck) async throws {
        let outcomes: [IngestOutcome]
        let began = clock.now
        do {
            let writer = self.writer
            let store = try await threads.onWriter { try writer.store() }
            try await finishDisposal()
            outcomes = try await pipeline.commit(items, into: store)
        } catch let error as StoreError {
            try await commitFailed(error, putBack: entries)
            return
        }
        writer.succeeded()
        let committed = clock.now
        state.madeProgress(at: committed, inbox: directories.name)
        state.committed(after: committed - began, waits: entries.compactMap { $0.arrivedAt.map { committed - $0 } })
        let paths = entries.map { check.claimedPath(of: $0.claim!) }
        disposal.withLock { $0 = Task { try await self.dispose(outcomes, of: entries, at: paths, pipeline: pipeline) } }
    }

    /// Disposes of a committed batch's files, logs their outcomes, and queues their claims
    /// for release.
    private func dispose(_ outcomes: [IngestOutcome], of entries: [InboxEntry], at paths: [String], pipeline: IngestPipeline) async throws {
        let disposal = try await pipeline.dispose(outcomes, at: paths)
        for (entry, (outcome, disposed)) in zip(entries, zip(outcomes, disposal.disposals)) {
            log.record(outcome, disposed)
            if case .leftInPlace = disposed { continue }
            if let claim = entry.claim { releases.withLock { $0.append(claim.token) } }
        }
        if let failure = disposal.syncFailure { logger.error("cannot fsync the inbox directories: \(failure)") }
        let folders = Set(entries.map { $0.name.split.folder }.filter { !$0.bytes.isEmpty })
        if state.settings.removeEmptyFolders, !folders.isEmpty {
            let (emptied, tree) = (emptiedFolders, directories.tree)
            try? await threads.onWorker { emptied.noteDisposal(in: folders, tree: tree) }
        }
    }

    /// When the service ends — a graceful stop, or an error such as a store given up on —
    /// files claimed but not committed go back to the inbox (``Claimer/returnToInbox``)
    /// and every claim that can be released is. So only the files of a crash stay claimed,
    /// and the next start blames nothing else.
    private func returnClaimedFiles() async throws {
        let waiting = queue.takeAll()
        let (directories, claims) = (self.directories, self.claims)
        let returned = try await threads.onWriter { Claimer.returnToInbox(waiting, directories: directories, claims: claims) }
        let released = releases.withLock { tokens in defer { tokens = [] }; return tokens } + returned
        guard !released.isEmpty else { return }
        let writer = self.writer
        _ = try await threads.onWriter { try writer.store().recordAttempts([], releasing: released) }
    }

    /// Puts a batch that could not be committed back in the queue, and holds the queue for
    /// the pause the writer asks for (or stops the daemon when it says so). Nothing of the
    /// batch was acknowledged: its files are in the inbox or the claims directory.
    private func commitFailed(_ error: StoreError, putBack entries: [InboxEntry]) async throws {
        let now = clock.now
        for entry in entries { queue.putBack(entry, due: now) }
        let writer = self.writer
        let pause = try await threads.onWriter { try writer.failed(error, files: entries.count) }
        writer.pauseCommits(until: now + pause)
        queue.pause(until: now + pause)
    }
}
