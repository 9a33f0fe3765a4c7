import Logging
import Synchronization
import TidingsStore

/// Makes committed articles searchable: adds them to the full-text index after their
/// commit, in transactions of their own on the writer thread (see
/// ``ArticleStore/indexForSearch(limit:)`` for why not inside the commit).
///
/// When no batch is waiting, what was committed is indexed once it is ``idleDelay`` old, so
/// a steady trickle of files is indexed a few at a time rather than in a transaction (and an
/// fsync) of its own after every file. While batches keep coming, a round runs at least every
/// ``interval``. So search lags a commit by about a quarter of a second when the daemon keeps
/// up, and by about a second (plus one round's work) under a flood. A failed round is logged
/// and retried an interval later: search lags, nothing is lost.
package final class SearchRefresh: Sendable {
    /// What the ingest service does next when no batch is due.
    package enum IdleStep: Equatable {
        /// Nothing waits to be indexed: wait for files.
        case nothing
        /// Articles wait, but not for long enough yet, or a round failed: wait for files
        /// until this instant, then ask again.
        case wait(until: ContinuousClock.Instant)
        /// A round ran and more articles wait: ask again.
        case more
    }

    /// How long committed articles wait for company when the daemon is idle.
    package static let idleDelay: Duration = .milliseconds(250)
    /// How long the index may lag behind commits while batches keep arriving.
    package static let interval: Duration = .seconds(1)
    /// Articles indexed in one transaction when the daemon is idle. A file arriving during a
    /// round waits for it, and between rounds the service takes the files due first
    /// (``IdleStep/more``), so a round is kept short: 8 articles took ~2.5 ms (median) on
    /// the benchmark machine, where rounds of up to 256 — about 50 articles at 200 files/s —
    /// took ~14 ms and up to 30; with them the steady phase of `tidings-bench daemon` had a
    /// drop-to-commit p99 of 26–45 ms, against 22–27 ms with rounds of 8, alternated in one
    /// hour. The fsync a round costs more is small next to that wait.
    static let idleRound = 8
    /// Articles indexed in one transaction under load, when the interval is up.
    static let dueRound = 1024

    private struct Progress {
        /// When the oldest article not yet indexed was committed, as far as this run knows.
        var waitingSince: ContinuousClock.Instant?
        var lastRound: ContinuousClock.Instant
        var failed = false
    }

    private let writer: StoreWriter
    private let threads: BlockingThreads
    private let logger: Logger
    private let progress: Mutex<Progress>

    /// `now` is the start: what an earlier run committed and left unindexed is indexed at
    /// the first idle moment.
    package init(writer: StoreWriter, threads: BlockingThreads, logger: Logger, now: ContinuousClock.Instant) {
        self.writer = writer
        self.threads = threads
        self.logger = logger
        progress = Mutex(Progress(waitingSince: now - Self.idleDelay, lastRound: now))
    }

    /// After a committed batch: notes that articles wait, and runs a round if the index has
    /// not been refreshed for an ``interval``.
    package func afterBatch(now: ContinuousClock.Instant) async {
        let due = progress.withLock { progress in
            if progress.waitingSince == nil { progress.waitingSince = now }
            return now - progress.lastRound >= Self.interval
        }
        if due { _ = await round(limit: Self.dueRound, now: now) }
    }

    /// When no batch is due: a round if articles have waited ``idleDelay``.
    package func whenIdle(now: ContinuousClock.Instant) async -> IdleStep {
        let step: IdleStep? = progress.withLock { progress in
            guard let since = progress.waitingSince else { return .nothing }
            if progress.failed { return now - progress.lastRound >= Self.interval ? nil : .wait(until: progress.lastRound + Self.interval) }
            return now - since >= Self.idleDelay ? nil : .wait(until: since + Self.idleDelay)
        }
        if let step { return step }
        return await round(limit: Self.idleRound, now: now)
    }

    private func round(limit: Int, now: ContinuousClock.Instant) async -> IdleStep {
        let writer = self.writer
        let result: Result<SearchIndexProgress, any Error>
        do {
            result = .success(try await threads.onWriter { try writer.store().indexForSearch(limit: limit) })
        } catch {
            result = .failure(error)
            logger.warning("cannot index committed articles for search, retrying in \(Self.interval): \(error)", metadata: ["store": .string(writer.path)])
        }
        return progress.withLock { progress in
            progress.lastRound = now
            switch result {
            case .success(let indexed):
                progress.failed = false
                if indexed.behind == 0 { progress.waitingSince = nil; return .nothing }
                return .more
            case .failure:
                progress.failed = true
                return .wait(until: now + Self.interval)
            }
        }
    }
}
