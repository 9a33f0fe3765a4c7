import Synchronization
import TidingsCore
import TidingsStore

/// What the daemon's services share: the settings in force, this run's counts, and since
/// when the batch in flight has been running.
package final class DaemonState: Sendable {
    private let current: Mutex<Settings>
    private let counts = Mutex([IngestOutcome.Kind: Int]())
    /// The store's counts when the daemon started; this run's counts are added to them.
    private let countsAtStart: StoreStats
    /// For each inbox with a batch in flight, when it last finished a file or a commit.
    private let work = Mutex<[String: ContinuousClock.Instant]>([:])

    /// This run's metrics (see ``DaemonMetrics``).
    package let metrics: DaemonMetrics
    /// When this run started and last committed: ISO 8601, UTC.
    package let startedAt = Timestamp.now()
    private let lastCommit = Mutex<String?>(nil)

    package init(settings: Settings, countsAtStart: StoreStats, metrics: DaemonMetrics = DaemonMetrics()) {
        current = Mutex(settings)
        self.countsAtStart = countsAtStart
        self.metrics = metrics
    }

    /// The settings in force; a reload replaces them between batches.
    package var settings: Settings {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    // MARK: Counts

    /// Counts one outcome of this run (a replayed one was counted by the run that made it).
    package func count(_ outcome: IngestOutcome) {
        guard !outcome.replayed else { return }
        counts.withLock { $0[outcome.kind, default: 0] += 1 }
        metrics.count(outcome)
    }

    /// A batch committed at `now`, after `duration`; `waits` are its files' times since
    /// they arrived.
    package func committed(after duration: Duration, waits: [Duration]) {
        lastCommit.withLock { $0 = Timestamp.now() }
        metrics.committed(after: duration, waits: waits)
    }

    /// When this run last committed a batch, if it has.
    package var lastCommitAt: String? { lastCommit.withLock { $0 } }

    /// The store's counts: as at start, plus this run's.
    package var totals: (stored: Int, duplicates: Int, rejected: Int) {
        let run = countsThisRun
        let stored = countsAtStart.articles + countsAtStart.nearDuplicates + (run[.new] ?? 0) + (run[.nearDuplicate] ?? 0)
            + (run[.update] ?? 0) + (run[.olderVersion] ?? 0)
        return (stored, countsAtStart.duplicates + (run[.duplicate] ?? 0), countsAtStart.rejected + (run[.rejected] ?? 0))
    }

    /// This run's outcomes by kind.
    package var countsThisRun: [IngestOutcome.Kind: Int] { counts.withLock { $0 } }

    /// What `systemctl status` shows: "watching /var/spool/tidings/inbox · 1234 stored ·
    /// 56 duplicates · 0 rejected · backlog 0", counted over the whole store, after the
    /// reason commits are paused, if they are.
    package func statusLine(inbox: String, backlog: Int, problem: String?) -> String {
        let (stored, duplicates, rejected) = totals
        let line = "watching \(inbox) · \(stored) stored · \(duplicates) duplicates · \(rejected) rejected · backlog \(backlog)"
        guard let problem else { return line }
        return "\(problem) · " + line
    }

    // MARK: Health

    /// Each inbox runs its own batches (one at a time); `inbox` names it.
    package func batchStarted(at instant: ContinuousClock.Instant, inbox: String = InboxSettings.singleName) {
        work.withLock { $0[inbox] = instant }
    }

    /// A file of the inbox's batch was read, or the batch committed.
    package func madeProgress(at instant: ContinuousClock.Instant, inbox: String = InboxSettings.singleName) {
        work.withLock { if $0[inbox] != nil { $0[inbox] = instant } }
    }

    package func batchEnded(inbox: String = InboxSettings.singleName) { work.withLock { $0[inbox] = nil } }

    /// Healthy while idle, or while every batch in flight finished a file or a commit within
    /// `timeout`. A slow file does not stop the pings — its parse is bounded by its budget,
    /// in a worker — but a pipeline where nothing finishes for the whole timeout is wedged
    /// (a read that never returns), and then the pings stop so that systemd restarts us.
    package func isHealthy(at now: ContinuousClock.Instant, timeout: Duration) -> Bool {
        work.withLock { $0.values.allSatisfy { now - $0 < timeout } }
    }
}
