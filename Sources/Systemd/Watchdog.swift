import LinuxSystem

/// The service watchdog systemd set up for this process (`WatchdogSec=`): how long it
/// waits for a ping before it restarts the service, and so how often to ping.
package struct Watchdog: Sendable {
    /// nil when no watchdog is configured for this process.
    package let timeout: Duration?

    /// Reads `WATCHDOG_USEC` and `WATCHDOG_PID` the way `sd_watchdog_enabled(3)` does: the
    /// timeout applies only when `WATCHDOG_PID` is unset or names this process.
    package init(environment: [String: String] = ProcessEnvironment.current, processID: Int32 = ProcessEnvironment.processID) {
        guard let microseconds = environment["WATCHDOG_USEC"].flatMap(UInt64.init), microseconds > 0 else {
            timeout = nil
            return
        }
        if let pid = environment["WATCHDOG_PID"], Int32(pid) != processID {
            timeout = nil
            return
        }
        timeout = .microseconds(Int64(clamping: microseconds))
    }

    /// How often to ping: half the timeout.
    package var interval: Duration? { timeout.map { $0 / 2 } }
}
