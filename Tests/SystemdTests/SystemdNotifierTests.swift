import Glibc
import Testing
import TidingsTesting
@testable import Systemd

/// The sd_notify protocol as systemd receives it. Each notifier is given its environment,
/// so these tests run in parallel with everything else without touching the process's.
@Suite struct SystemdNotifierTests {
    @Test func readyCarriesTheStatus() throws {
        let socket = try FakeNotifySocket()
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path]).ready(status: "watching /inbox · 0 stored"))
        #expect(socket.received() == ["READY=1\nSTATUS=watching /inbox · 0 stored"])
    }

    @Test func everyStateHasItsAssignment() throws {
        let socket = try FakeNotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        notifier.status("line one\nline two")
        notifier.watchdog()
        notifier.reloading()
        notifier.stopping()
        notifier.failed(errno: ENOENT, status: "the inbox was deleted")
        #expect(socket.received() == [
            "STATUS=line one line two",
            "WATCHDOG=1",
            "RELOADING=1\nSTATUS=reloading the configuration",
            "STOPPING=1\nSTATUS=stopping: finishing the batch in flight",
            "STATUS=failed: the inbox was deleted\nERRNO=2",
        ])
    }

    @Test func anAbstractSocketIsReached() throws {
        let socket = try FakeNotifySocket(abstract: true)
        #expect(socket.path.hasPrefix("@"))
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path]).watchdog())
        #expect(socket.received() == ["WATCHDOG=1"])
    }

    @Test func outsideSystemdNothingIsSent() {
        for environment in [[:], ["NOTIFY_SOCKET": ""]] {
            let notifier = SystemdNotifier(environment: environment)
            #expect(!notifier.isConnected)
            #expect(!notifier.ready(status: "x"))
        }
    }

    @Test func aSocketThatIsGoneIsNotAnError() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify.sock"])
        #expect(notifier.isConnected)
        #expect(!notifier.status("x"))
    }

    @Test func watchdogTimeoutComesFromTheEnvironmentForThisProcessOnly() {
        let watchdog = Watchdog(environment: ["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "4242"], processID: 4242)
        #expect(watchdog.timeout == .seconds(4))
        #expect(watchdog.interval == .seconds(2))
        #expect(Watchdog(environment: ["WATCHDOG_USEC": "4000000"], processID: 4242).timeout == .seconds(4))
        #expect(Watchdog(environment: ["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"], processID: 4242).timeout == nil)
        #expect(Watchdog(environment: [:], processID: 4242).timeout == nil)
        #expect(Watchdog(environment: ["WATCHDOG_USEC": "0"], processID: 4242).timeout == nil)
        #expect(Watchdog(environment: ["WATCHDOG_USEC": "soon"], processID: 4242).timeout == nil)
    }
}
