import Logging
import Synchronization
import TidingsStore

/// Makes committed articles searchable: adds them to the full-text index after their
/// commit, in transactions of their own on the writer thread (see
/// ``ArticleStore/indexForSearch(limit:)`` for why not inside the commit).
///
/// The ingest service calls ``catchUp(now:)`` when no batch is waiting, so a daemon that
/// keeps up indexes each commit within moments, and ``refreshIfDue(now:)`` after each batch,
/// so under a sustained flood the index lags by at most about a second (plus one round's
/// work). A failed round is logged and retried at the next call: search lags, nothing is lost.
package final class SearchRefresh: Sendable {
    /// How long the index may lag behind commits while batches keep arriving.
    package static let interval: Duration = .seconds(1)
    /// Articles indexed in one transaction when the daemon is idle: small enough that a file
    /// arriving meanwhile waits little (~250 µs an article).
    static let idleRound = 256
    /// Articles indexed in one transaction under load, when the interval is up.
    static let dueRound = 1024

    private let writer: StoreWriter
    private let threads: BlockingThreads
    private let logger: Logger
    private let lastRound = Mutex<ContinuousClock.Instant?>(nil)

    package init(writer: StoreWriter, threads: BlockingThreads, logger: Logger) {
        self.writer = writer
        self.threads = threads
        self.logger = logger
    }

    /// One round while idle; true when more articles wait to be indexed.
    package func catchUp(now: ContinuousClock.Instant) async -> Bool {
        await round(limit: Self.idleRound, now: now)
    }

    /// One round if the index has not been refreshed for ``interval``.
    package func refreshIfDue(now: ContinuousClock.Instant) async {
        let due = lastRound.withLock { last in
            guard let previous = last else { last = now; return false }
            return now - previous >= Self.interval
        }
        if due { _ = await round(limit: Self.dueRound, now: now) }
    }

    private func round(limit: Int, now: ContinuousClock.Instant) async -> Bool {
        lastRound.withLock { $0 = now }
        let writer = self.writer
        do {
            let progress = try await threads.onWriter { try writer.store().indexForSearch(limit: limit) }
            return progress.behind > 0
        } catch {
            logger.warning("cannot index committed articles for search, retrying later: \(error)", metadata: ["store": .string(writer.path)])
            return false
        }
    }
}
