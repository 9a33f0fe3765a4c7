import TidingsStore

/// What the daemon does after a batch could not be committed. The batch's files stay in
/// the inbox either way; this decides how long to wait, whether the store connection is
/// replaced, and when to give up.
///
/// - A full disk or a busy store is waited out, however long it lasts: space comes back,
///   the other writer finishes. Pauses double from 1 s up to `store.retry_max_seconds`.
/// - So is a PostgreSQL server that cannot be reached, on a new connection each time.
/// - An I/O error closes and reopens the store (a retried fsync can report success for
///   pages the kernel already dropped) and spends one unit of the failure budget,
///   `store.max_consecutive_failures`; a successful commit refills it.
/// - A damaged store is never retried: writing into it spreads the damage.
package struct CommitRetry: Sendable {
    package enum Action: Equatable {
        /// Try again after the pause, on the same connection.
        case wait(Duration)
        /// Close the store, open it again, and try again after the pause.
        case reopen(after: Duration)
        /// Stop the daemon with this error.
        case giveUp
    }

    package let maxPause: Duration
    package let budget: Int
    /// Failed commits since the last one that succeeded, of any kind.
    package private(set) var failuresInARow = 0
    /// Of those, the ones that spend the budget.
    package private(set) var budgetSpent = 0

    package init(maxPause: Duration, budget: Int) {
        self.maxPause = maxPause
        self.budget = budget
    }

    package mutating func failed(_ error: StoreError) -> Action {
        failuresInARow += 1
        switch error.code {
        case .corrupt, .foreign:
            return .giveUp
        case .diskFull, .busy:
            return .wait(pause)
        case .unreachable:
            // The database server is down or restarting: a new connection once it is back.
            return .reopen(after: pause)
        default:
            budgetSpent += 1
            return budgetSpent >= budget ? .giveUp : .reopen(after: pause)
        }
    }

    package mutating func succeeded() {
        failuresInARow = 0
        budgetSpent = 0
    }

    /// 1 s after the first failure, doubling with each one in a row, at most `maxPause`.
    private var pause: Duration {
        let doublings = min(failuresInARow - 1, 20)
        return min(.seconds(1 << doublings), maxPause)
    }
}
