import Logging
import Systemd
import Synchronization
import TidingsStore

/// What the daemon writes to: the articles and journal, and its claims.
package typealias DaemonStore = ArticleStore & ClaimStore

/// The daemon's connection to the store for writing, and what is done when a commit
/// fails: ``CommitRetry`` decides, this carries it out — closes and reopens the store
/// after an I/O error, logs every failure, keeps the reason for the status line, and
/// throws once the daemon must stop.
///
/// Opening and closing block: callers run them on the writer thread.
package final class StoreWriter: Sendable {
    /// Opens the store anew (after an I/O error closed it).
    package typealias Opener = @Sendable () throws(StoreError) -> any DaemonStore

    package let path: String
    private let opener: Opener
    private let logger: Logger
    /// The open store; nil after an I/O error closed it, until it is reopened.
    private let open: Mutex<(any DaemonStore)?>
    private let retry: Mutex<CommitRetry>
    private let problemNow = Mutex<String?>(nil)
    /// Until when commits wait after a failure, on the daemon's clock: every inbox's ingest
    /// service waits it out, so a failure is counted once, not once an inbox.
    private let pause = Mutex<ContinuousClock.Instant?>(nil)

    package init(store: any DaemonStore, path: String, retry: CommitRetry, logger: Logger, reopen opener: @escaping Opener) {
        self.path = path
        self.opener = opener
        open = Mutex(store)
        self.retry = Mutex(retry)
        self.logger = logger
    }

    /// Why commits are paused ("commits paused: the store's disk is full (3 failed)"), or
    /// nil while they succeed.
    package var problem: String? { problemNow.withLock { $0 } }

    /// Holds commits until `instant` (the pause ``failed(_:files:)`` returned).
    package func pauseCommits(until instant: ContinuousClock.Instant) {
        pause.withLock { $0 = max($0 ?? instant, instant) }
    }

    /// Until when commits wait, if that is after `now`.
    package func commitsPaused(at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        pause.withLock { until in until.flatMap { $0 > now ? $0 : nil } }
    }

    /// The store if it is open, without reopening it: for readers beside the writer (the
    /// status report), which must not race the writer to reopen it.
    package var openStore: (any DaemonStore)? { open.withLock { $0 } }

    /// The open store, or a newly opened one after an I/O error closed it.
    package func store() throws(StoreError) -> any DaemonStore {
        if let store = open.withLock({ $0 }) { return store }
        let reopened = try opener()
        open.withLock { $0 = reopened }
        logger.notice("store reopened", metadata: ["store": .string(path)])
        return reopened
    }

    /// Records a failed commit of `files` files (which stay in the inbox) and returns how
    /// long to pause before the next attempt; throws when the daemon must stop.
    package func failed(_ error: StoreError, files: Int) throws -> Duration {
        let (action, failures, budgetSpent) = retry.withLock { retry in (retry.failed(error), retry.failuresInARow, retry.budgetSpent) }
        var metadata: Logger.Metadata = [
            "store": .string(path), "error_code": .string(error.code.rawValue),
            "failures_in_a_row": .stringConvertible(failures), "files_kept": .stringConvertible(files),
        ]
        if let cause = error.cause { metadata["cause"] = .string(cause) }
        let pause: Duration
        switch action {
        case .giveUp:
            logger.critical("giving up: \(error.message)", metadata: metadata)
            if error.isDamagedStore { throw error }
            throw DaemonError(.storeFailed, "\(budgetSpent) commits in a row failed with store errors (store.max_consecutive_failures), the last with: \(error); the files stay in the inbox")
        case .wait(let wait):
            pause = wait
        case .reopen(let wait):
            pause = wait
            let closing = open.withLock { store in defer { store = nil }; return store }
            try? closing?.close()
        }
        // Pauses are whole seconds (see CommitRetry).
        let seconds = pause.components.seconds
        metadata["retry_in_s"] = .stringConvertible(seconds)
        metadata[MessageID.metadataKey] = .string(MessageID.commitsPaused)
        let message = "\(error.message); \(files) files stay in the inbox, retrying in \(seconds) s"
        if error.code == .busy { logger.warning("\(message)", metadata: metadata) } else { logger.error("\(message)", metadata: metadata) }
        problemNow.withLock { $0 = "commits paused: \(Self.shortReason(error)) (\(failures) failed)" }
        return pause
    }

    /// Records a successful commit: the budget refills and the status line clears.
    package func succeeded() {
        let failures = retry.withLock { retry in defer { retry.succeeded() }; return retry.failuresInARow }
        guard failures > 0 else { return }
        problemNow.withLock { $0 = nil }
        logger.notice("commits resumed after \(failures) failed attempts", metadata: [
            "store": .string(path), MessageID.metadataKey: .string(MessageID.commitsResumed),
        ])
    }

    /// Closes the store at shutdown.
    package func close() {
        let closing = open.withLock { store in defer { store = nil }; return store }
        try? closing?.close()
    }

    private static func shortReason(_ error: StoreError) -> String {
        switch error.code {
        case .diskFull: "the store's disk is full"
        case .busy: "the store is locked by another process"
        case .ioError: "I/O errors on the store"
        case .unreachable: "the database server cannot be reached"
        default: "store errors"
        }
    }
}
