import Foundation
import LinuxSystem
import TidingsCore
import TidingsStore

/// The path every file takes, in `tidings ingest` and in `tidings run` alike:
/// read → parse → fingerprint (fanned out over threads, the parsing itself in worker
/// processes within a budget: ``ArticleParsing``) → deduplicate and commit (one
/// transaction a batch) → dispose of the files (only after the commit).
///
/// Every stage that blocks — reading files, SQLite commits with `synchronous=FULL`,
/// renames and directory fsyncs — runs on ``BlockingThreads``, never on Swift's
/// cooperative pool, where it could starve the tasks that ping the watchdog and keep the
/// status current.
package struct IngestPipeline: Sendable {
    /// Files named on the command line: nothing waits for writers, and symbolic links are
    /// followed only when asked. The daemon's inbox: links are never followed, files a
    /// writer holds are retried, hard-linked files (and, if configured, the service's own)
    /// are refused.
    package enum Mode: Sendable, Equatable {
        case commandLine(followingSymbolicLinks: Bool)
        case inbox

        var followsSymbolicLinks: Bool { self == .commandLine(followingSymbolicLinks: true) }
    }

    /// What reading one claimed inbox entry gave.
    package enum EntryPreparation: Sendable {
        case item(IngestItem)
        /// A writer still holds it open: look again at `until`.
        case busy(until: ContinuousClock.Instant)
        /// The batch ran out of time before this file was begun: it waits for the next.
        case notStarted
    }

    package let parsing: any ArticleParsing
    package let limits: ParserLimits
    package let budget: ParseBudget
    package let reader: ArticleFileReader
    package let deduplicator: Deduplicator
    package let batchSize: Int
    /// Whether a file the journal already records (same name, size and content) is replayed
    /// rather than recorded again: a daemon restarted after a crash between commit and
    /// disposal finds such files still in the inbox.
    let replaysJournal: Bool
    let threads: BlockingThreads
    let disposer: any FileDisposing
    /// The inbox the files come from, recorded with each; nil for files named on the
    /// command line.
    let inbox: String?
    /// What that inbox assumes of its articles (``InboxDefaults``).
    let defaults: InboxDefaults

    package init(
        settings: Settings, mode: Mode, threads: BlockingThreads, parsing: any ArticleParsing, disposer: any FileDisposing = KeepFiles(),
        inbox: String? = nil, defaults: InboxDefaults = InboxDefaults()
    ) {
        self.inbox = inbox
        self.defaults = defaults
        self.parsing = parsing
        limits = settings.limits
        budget = settings.parseBudget
        reader = ArticleFileReader(
            maxFileBytes: settings.limits.maxFileBytes, followsSymbolicLinks: mode.followsSymbolicLinks,
            watchesWriters: mode == .inbox, refusesHardLinks: mode == .inbox,
            refusedOwner: mode == .inbox && settings.refuseOwnFiles ? FileSystem.effectiveUserID : nil)
        replaysJournal = mode == .inbox
        deduplicator = settings.deduplicator
        batchSize = settings.batchSize
        self.threads = threads
        self.disposer = disposer
    }

    // MARK: Stages

    /// Reads, parses and fingerprints files named by path, in parallel, keeping their order.
    /// Never fails on a file: one that cannot be used becomes a rejected item.
    package func prepare(paths: [String]) async throws -> [IngestItem] {
        try await fanOut(paths) { path in
            switch read(path: path, name: path) {
            case .item(let item): item
            // Only the inbox mode watches writers; files named on the command line are read as they are.
            case .busy(let reason): rejected(path, Rejection(.unreadable, "unreadable (\(reason))"), size: nil)
            }
        }
    }

    /// Looks at inbox entries without opening them (``EntryCheck``), in parallel.
    package func check(_ entries: [InboxEntry], with check: EntryCheck, now: ContinuousClock.Instant) async throws -> [EntryCheck.Verdict] {
        try await fanOut(entries) { check.check($0, now: now) }
    }

    /// Reads, parses and fingerprints claimed entries, in parallel, keeping their order. A
    /// file whose turn comes after `deadline` on `clock` is not begun; `progress` is called
    /// as each file is done.
    package func read(
        _ entries: [InboxEntry], with check: EntryCheck, clock: any DaemonClock, deadline: ContinuousClock.Instant,
        progress: @escaping @Sendable () -> Void = {}
    ) async throws -> [EntryPreparation] {
        try await fanOut(entries) { entry in
            let now = clock.now
            guard now < deadline else { return .notStarted }
            defer { progress() }
            guard let claim = entry.claim else { preconditionFailure("only claimed entries are read") }
            switch read(path: check.claimedPath(of: claim), name: entry.name.description) {
            case .item(let item): return .item(item)
            case .busy: return .busy(until: now + check.busyRetry)
            }
        }
    }

    /// An item for a file rejected without being read.
    package func rejected(_ name: String, _ rejection: Rejection) -> IngestItem {
        rejected(name, rejection, size: nil)
    }

    /// Commits a batch in one transaction; when this returns, every outcome is durable.
    /// Throws the store's error when nothing of the batch was recorded.
    package func commit(_ items: [IngestItem], into store: any ArticleStore) async throws -> [IngestOutcome] {
        let deduplicator = self.deduplicator
        return try await threads.onWriter { try store.commit(items, deduplicator: deduplicator) }
    }

    /// Disposes of a committed batch's files, each at its path. Call only with outcomes
    /// that are committed.
    package func dispose(_ outcomes: [IngestOutcome], at paths: [String]) async throws -> BatchDisposal {
        let disposer = self.disposer
        return try await threads.onDisposer { disposer.dispose(outcomes, at: paths) }
    }

    // MARK: The whole path, for files named on the command line

    /// Ingests `paths` in order, in batches, calling `onOutcome` for each file once its batch
    /// is committed and disposed of. The next batch is prepared while one commits. Throws
    /// when a commit fails; files of that batch and later are not recorded.
    ///
    /// Every stored article is made searchable on the way (see ``searchRound``). A failure to
    /// index does not stop the ingest — the articles are stored, and any later round picks
    /// them up — so it is returned, for the caller to say so, rather than thrown.
    @discardableResult
    package func ingest(
        paths: [String], into store: any ArticleStore, onOutcome: (IngestOutcome, Disposal) throws -> Void
    ) async throws -> StoreError? {
        let batches = stride(from: 0, to: paths.count, by: batchSize).map {
            Array(paths[$0..<min($0 + batchSize, paths.count)])
        }
        var searchFailure: StoreError?
        guard let first = batches.first else { return await indexForSearch(store) }
        var prepared = try await prepare(paths: first)
        var unindexed = 0
        for index in batches.indices {
            async let following = index + 1 < batches.count ? prepare(paths: batches[index + 1]) : []
            let outcomes = try await commit(prepared, into: store)
            let disposal = try await dispose(outcomes, at: outcomes.map(\.file))
            for (outcome, disposal) in zip(outcomes, disposal.disposals) { try onOutcome(outcome, disposal) }
            // Indexed a round at a time while the next batch is read and parsed.
            unindexed += outcomes.reduce(0) { $0 + $1.articles.count { $0.articleID != nil } }
            if unindexed >= Self.searchRound, searchFailure == nil {
                searchFailure = await indexForSearch(store, rounds: 1)
                unindexed = 0
            }
            prepared = try await following
        }
        return await indexForSearch(store)
    }

    /// Articles indexed for search in one transaction by `tidings ingest`: past ~1,000 the
    /// cost per article hardly falls (FTS5 on the 10k corpus: 300 µs an article at 256,
    /// 230 at 1,024, 213 at 4,096).
    package static let searchRound = 4096

    /// Indexes stored articles for search, a round at a time, until none is left (or for
    /// `rounds` rounds); returns why it stopped early, if it did. With no files, this is all
    /// `tidings ingest` does: the catch-up of a store the daemon left behind.
    private func indexForSearch(_ store: any ArticleStore, rounds: Int = .max) async -> StoreError? {
        do {
            var round = 0
            while round < rounds {
                round += 1
                if try await threads.onWriter({ try store.indexForSearch(limit: Self.searchRound) }).behind == 0 { break }
            }
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return StoreError(.database, "indexing articles for search: \(error)")
        }
    }

    // MARK: One file

    private enum Reading {
        case item(IngestItem)
        case busy(String)
    }

    /// Reads, parses and fingerprints one file. Runs on a worker thread.
    private func read(path: String, name: String) -> Reading {
        if ParseWorker.testHooksEnabled, name.hasPrefix("TIDINGS-TEST-HANG") {
            while true { sleep(3600) }
        }
        switch reader.read(path) {
        case .busy(let reason):
            return .busy(reason)
        case .rejected(let rejection, let size):
            return .item(rejected(name, rejection, size: size))
        case .bytes(let bytes):
            let hash = SHA256Hex.of(bytes)
            let response = parsing.parse(bytes, name: name, limits: limits, preferring: defaults.format, budget: budget)
            var item = IngestItem(
                file: name, size: bytes.count, contentSHA256: hash, contents: response.contents.map(defaults.applied), replayable: replaysJournal)
            item.inbox = inbox
            // Off the writer's thread; a file of rejections only is not stored.
            if item.contents.contains(where: { if case .article = $0 { true } else { false } }) {
                item.compressedRaw = RawBytesCompression.compress(bytes)
            }
            return .item(item)
        }
    }

    /// An item for a file rejected without being read.
    private func rejected(_ name: String, _ rejection: Rejection, size: Int?) -> IngestItem {
        item(name, size: size, hash: nil, .rejected(rejection))
    }

    private func item(_ name: String, size: Int?, hash: String?, _ content: IngestItem.Content) -> IngestItem {
        var item = IngestItem(file: name, size: size, contentSHA256: hash, content: content, replayable: replaysJournal)
        item.inbox = inbox
        return item
    }

    /// Runs `work` on every input on the worker threads, as many at once as there are
    /// threads, and returns the results in the inputs' order.
    private func fanOut<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ work: @escaping @Sendable (Input) -> Output
    ) async throws -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask { (index, try await threads.onWorker { work(input) }) }
            }
            var results = [Output?](repeating: nil, count: inputs.count)
            for try await (index, output) in group { results[index] = output }
            return results.map { $0! }
        }
    }
}
