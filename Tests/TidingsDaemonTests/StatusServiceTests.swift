import LinuxSystem
import Logging
import Systemd
import Testing
import TidingsCore
import TidingsStore
@testable import TidingsDaemon

/// The status line and the watchdog, on a clock the test moves.
@Suite struct StatusServiceTests {
    let clock = ManualClock()
    let notifier = RecordingNotifier()
    let state: DaemonState
    let queue = InboxQueue()
    let service: StatusService

    init() throws {
        let fixture = try InboxFixture()
        state = DaemonState(settings: fixture.settings, countsAtStart: try fixture.store.stats())
        service = StatusService(
            state: state, backlog: { [queue] in queue.count }, writer: fixture.writer(), inbox: "/inbox", notifier: notifier,
            watchdog: Watchdog(environment: ["WATCHDOG_USEC": "10000000"]), clock: clock)
    }

    @Test func theStatusIsSentWhenItChangesAtMostOnceASecond() {
        service.tick()
        #expect(notifier.messages.filter { $0.hasPrefix("STATUS=") } == ["STATUS=watching /inbox · 0 stored · 0 duplicates · 0 rejected · backlog 0"])
        queue.add("a.txt", source: .movedIn, now: clock.now)
        clock.advance(by: .milliseconds(500))
        service.tick()
        #expect(notifier.messages.filter { $0.hasPrefix("STATUS=") }.count == 1)
        clock.advance(by: .milliseconds(500))
        service.tick()
        #expect(notifier.messages.last { $0.hasPrefix("STATUS=") } == "STATUS=watching /inbox · 0 stored · 0 duplicates · 0 rejected · backlog 1")
        clock.advance(by: .seconds(5))
        service.tick()
        #expect(notifier.messages.filter { $0.hasPrefix("STATUS=") }.count == 2, "an unchanged status is not sent again")
    }

    @Test func theWatchdogIsPingedAtHalfItsTimeoutWhileThePipelineIsHealthy() {
        service.tick()
        clock.advance(by: .seconds(4))
        service.tick()
        clock.advance(by: .seconds(1))
        service.tick()
        #expect(notifier.messages.filter { $0 == "WATCHDOG=1" }.count == 2)
    }

    @Test func aBatchRunningForTheWholeTimeoutStopsThePings() {
        state.batchStarted(at: clock.now)
        service.tick()
        clock.advance(by: .seconds(5))
        service.tick()
        clock.advance(by: .seconds(5))
        service.tick()  // ten seconds into the batch: wedged
        clock.advance(by: .seconds(5))
        service.tick()
        #expect(notifier.messages.filter { $0 == "WATCHDOG=1" }.count == 2)
        state.batchEnded()
        service.tick()
        #expect(notifier.messages.filter { $0 == "WATCHDOG=1" }.count == 3)
    }
}
