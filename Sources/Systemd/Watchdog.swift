import CSystemd

/// The service watchdog: pings at half of `WATCHDOG_USEC`, but only while the caller says
/// it is healthy, so a wedged pipeline stops the pings and systemd restarts the service.
public struct Watchdog: Sendable {
    /// The watchdog timeout systemd set for this process (`WatchdogSec=`), if any.
    public let timeout: Duration?
    let notifier: SystemdNotifier

    /// Reads `WATCHDOG_USEC` (and `WATCHDOG_PID`) the way `sd_watchdog_enabled(3)` does.
    public init(notifier: SystemdNotifier = SystemdNotifier()) {
        var microseconds: UInt64 = 0
        timeout = sd_watchdog_enabled(0, &microseconds) > 0 ? .microseconds(Int64(microseconds)) : nil
        self.notifier = notifier
    }

    /// How often to ping: half the timeout.
    public var interval: Duration? { timeout.map { $0 / 2 } }

    /// Pings until cancelled; returns at once when no watchdog is configured.
    public func run(whileHealthy isHealthy: @Sendable () -> Bool) async throws {
        guard let interval else { return }
        while true {
            if isHealthy() { notifier.watchdog() }
            try await Task.sleep(for: interval)
        }
    }
}
