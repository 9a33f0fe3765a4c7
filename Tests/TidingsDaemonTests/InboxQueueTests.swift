import LinuxSystem
import Synchronization
import Testing
@testable import TidingsDaemon

/// The queue between finding files and ingesting them, on a clock the test moves.
@Suite struct InboxQueueTests {
    let clock = ManualClock()
    let queue = InboxQueue()

    @Test func aNameIsPendingOnceHoweverOftenItIsReported() {
        queue.add("a.txt", source: .written, now: clock.now)
        queue.add("a.txt", source: .scanned, now: clock.now)
        queue.add("a.txt", source: .movedIn, now: clock.now)
        #expect(queue.count == 1)
        #expect(queue.takeDue(limit: 10, now: clock.now).map(\.name) == ["a.txt"])
        #expect(queue.count == 0)
    }

    @Test func aScanNeverOverridesWhatAnEventSaid() {
        queue.add("a.txt", source: .movedIn, now: clock.now)
        queue.add("a.txt", source: .scanned, now: clock.now)
        #expect(queue.takeDue(limit: 10, now: clock.now).first?.source == .movedIn)
    }

    @Test func entriesComeEarliestFirstUpToTheLimit() {
        for index in 0..<5 {
            queue.add("f\(index)", source: .movedIn, now: clock.now)
            clock.advance(by: .milliseconds(1))
        }
        #expect(queue.takeDue(limit: 3, now: clock.now).map(\.name) == ["f0", "f1", "f2"])
        #expect(queue.takeDue(limit: 3, now: clock.now).map(\.name) == ["f3", "f4"])
    }

    @Test func anEntryPutBackIsDueOnlyAtItsTime() {
        let entry = InboxEntry(name: "a.txt", source: .written)
        queue.putBack(entry, due: clock.now + .milliseconds(500))
        #expect(queue.takeDue(limit: 10, now: clock.now).isEmpty)
        clock.advance(by: .milliseconds(499))
        #expect(queue.takeDue(limit: 10, now: clock.now).isEmpty)
        clock.advance(by: .milliseconds(1))
        #expect(queue.takeDue(limit: 10, now: clock.now) == [entry])
    }

    @Test func aNewWriteWhileAnEntryWaitsMakesItDueAndForgetsWhatWasSeen() throws {
        let fixture = try InboxFixture()
        let path = try fixture.write("a.txt", "draft")
        let observed = Observation(FileIdentity(try FileSystem.status(path)), at: clock.now)
        queue.putBack(InboxEntry(name: "a.txt", source: .written, observed: observed), due: clock.now + .seconds(5))
        queue.add("a.txt", source: .written, now: clock.now)
        let taken = queue.takeDue(limit: 10, now: clock.now)
        #expect(taken.map(\.name) == ["a.txt"])
        #expect(taken.first?.observed == nil)
    }

    @Test func anEventWhileAnEntryIsBeingProcessedWinsOverPuttingItBack() {
        queue.add("a.txt", source: .written, now: clock.now)
        let taken = queue.takeDue(limit: 10, now: clock.now)
        queue.add("a.txt", source: .movedIn, now: clock.now)  // renamed over while being looked at
        queue.putBack(taken[0], due: clock.now + .seconds(5))
        #expect(queue.takeDue(limit: 10, now: clock.now).first?.source == .movedIn)
    }

    @Test func aPauseHoldsEverythingBackUntilItEnds() {
        queue.add("a.txt", source: .movedIn, now: clock.now)
        queue.pause(until: clock.now + .seconds(2))
        queue.add("b.txt", source: .movedIn, now: clock.now)
        #expect(queue.takeDue(limit: 10, now: clock.now).isEmpty)
        clock.advance(by: .seconds(2))
        #expect(queue.takeDue(limit: 10, now: clock.now).map(\.name.description).sorted() == ["a.txt", "b.txt"])
    }

    @Test func waitingEndsWhenAnEntryFallsDueOnTheClock() async {
        queue.putBack(InboxEntry(name: "a.txt", source: .written), due: clock.now + .seconds(3))
        _ = queue.takeDue(limit: 10, now: clock.now)  // consumes the signal the put-back raised
        async let waited: Void = queue.waitForWork(on: clock)
        await waitUntil { clock.sleepers == 1 }
        clock.advance(by: .seconds(3))
        await waited
        #expect(queue.takeDue(limit: 10, now: clock.now).map(\.name) == ["a.txt"])
    }

    /// A wait that something arriving ended leaves nothing behind: the next wait sleeps
    /// until an entry falls due, it does not return at once (a service spinning on its
    /// queue while entries wait, or while commits are paused).
    @Test func aWaitEndedByAnArrivalLeavesTheNextWaitAsleep() async {
        queue.putBack(InboxEntry(name: "a.txt", source: .written), due: clock.now + .seconds(3))
        // The arrival ends this wait at once; its sleep until a.txt falls due is cancelled.
        await queue.waitForWork(on: clock)
        #expect(queue.takeDue(limit: 10, now: clock.now).isEmpty)
        let finished = Flag()
        let second = Task { [queue, clock] in
            await queue.waitForWork(on: clock)
            finished.set()
        }
        await waitUntil { clock.sleepers == 1 }
        for _ in 0..<1_000 { await Task.yield() }
        #expect(!finished.isSet, "the second wait ended with nothing due")
        clock.advance(by: .seconds(3))
        await second.value
        #expect(queue.takeDue(limit: 10, now: clock.now).map(\.name) == ["a.txt"])
    }

    @Test func waitingEndsWhenSomethingArrivesOrTheQueueCloses() async {
        async let first: Void = queue.waitForWork(on: clock)
        queue.add("a.txt", source: .movedIn, now: clock.now)
        await first
        _ = queue.takeDue(limit: 10, now: clock.now)
        async let second: Void = queue.waitForWork(on: clock)
        queue.close()
        await second
        #expect(queue.isClosed)
        queue.add("late.txt", source: .movedIn, now: clock.now)
        #expect(queue.count == 0, "a closed queue takes no new names")
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Yields until `condition` holds: for a task started by the test to reach its wait.
/// Bounded by a number of turns, not by time.
func waitUntil(_ condition: () -> Bool) async {
    for _ in 0..<100_000 where !condition() { await Task.yield() }
}
