import Testing
import TidingsStore
@testable import TidingsDaemon

/// The daemon's decisions after a failed commit.
@Suite struct CommitRetryTests {
    let full = StoreError(.diskFull, "full")
    let io = StoreError(.ioError, "io")

    @Test func aFullDiskIsWaitedOutWithPausesDoublingToTheCeiling() {
        var retry = CommitRetry(maxPause: .seconds(30), budget: 3)
        let pauses = (0..<8).map { _ in retry.failed(full) }
        #expect(pauses == [1, 2, 4, 8, 16, 30, 30, 30].map { .wait(.seconds($0)) })
    }

    @Test func ioErrorsReopenUntilTheBudgetIsSpent() {
        var retry = CommitRetry(maxPause: .seconds(30), budget: 3)
        #expect(retry.failed(io) == .reopen(after: .seconds(1)))
        #expect(retry.failed(full) == .wait(.seconds(2)))  // a full disk does not spend the budget
        #expect(retry.failed(io) == .reopen(after: .seconds(4)))
        #expect(retry.failed(io) == .giveUp)
    }

    @Test func aSuccessfulCommitRefillsTheBudget() {
        var retry = CommitRetry(maxPause: .seconds(30), budget: 2)
        #expect(retry.failed(io) == .reopen(after: .seconds(1)))
        retry.succeeded()
        #expect(retry.failed(io) == .reopen(after: .seconds(1)))
        #expect(retry.failed(io) == .giveUp)
    }

    @Test func aDamagedStoreIsNeverRetried() {
        var retry = CommitRetry(maxPause: .seconds(30), budget: 100)
        #expect(retry.failed(StoreError(.corrupt, "damaged")) == .giveUp)
    }
}
