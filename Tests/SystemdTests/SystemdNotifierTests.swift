import Foundation
import Glibc
import Testing
import TidingsTesting
@testable import Systemd

@Suite(.serialized) struct SystemdNotifierTests {
    @Test func readyCarriesTheStatus() async throws {
        let socket = try FakeNotifySocket()
        let sent = await withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            SystemdNotifier().ready(status: "watching /inbox · 0 stored")
        }
        #expect(sent)
        #expect(socket.received() == ["READY=1\nSTATUS=watching /inbox · 0 stored"])
    }

    @Test func everyStateHasItsAssignment() async throws {
        let socket = try FakeNotifySocket()
        await withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            let notifier = SystemdNotifier()
            notifier.status("line one\nline two")
            notifier.watchdog()
            notifier.reloading()
            notifier.stopping()
            notifier.failed(errno: ENOENT, status: "the inbox was deleted")
        }
        #expect(socket.received() == [
            "STATUS=line one line two",
            "WATCHDOG=1",
            "RELOADING=1\nSTATUS=reloading the configuration",
            "STOPPING=1\nSTATUS=stopping: finishing the batch in flight",
            "STATUS=failed: the inbox was deleted\nERRNO=2",
        ])
    }

    @Test func outsideSystemdNothingIsSent() async throws {
        await withEnvironment(["NOTIFY_SOCKET": nil]) {
            #expect(!SystemdNotifier().isConnected)
            #expect(!SystemdNotifier().ready(status: "x"))
        }
    }

    @Test func watchdogTimeoutComesFromTheEnvironmentForThisProcessOnly() async throws {
        await withEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": String(getpid())]) {
            #expect(Watchdog().timeout == .seconds(4))
            #expect(Watchdog().interval == .seconds(2))
        }
        await withEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1"]) {
            #expect(Watchdog().timeout == nil)
        }
        await withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
            #expect(Watchdog().timeout == nil)
        }
    }

    @Test func watchdogPingsOnlyWhileHealthy() async throws {
        for healthy in [true, false] {
            let socket = try FakeNotifySocket()
            try await withEnvironment(["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "100000", "WATCHDOG_PID": String(getpid())]) {
                let watchdog = Watchdog()
                let pinging = Task { try await watchdog.run(whileHealthy: { healthy }) }
                try await Task.sleep(for: .milliseconds(300))
                pinging.cancel()
                _ = await pinging.result  // no ping may land after the environment changes

            }
            let pings = socket.received().filter { $0 == "WATCHDOG=1" }.count
            if healthy { #expect(pings >= 1) } else { #expect(pings == 0) }
        }
    }
}
