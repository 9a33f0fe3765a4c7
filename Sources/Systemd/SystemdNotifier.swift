import CSystemd
import Glibc

/// Tells the service manager how the service is doing, with `sd_notify(3)`.
///
/// Outside systemd (no `NOTIFY_SOCKET` in the environment) every call does nothing, so the
/// daemon runs the same under a terminal, a test or systemd.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Whether a service manager is listening.
    public var isConnected: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// Start-up is complete: `systemctl start` returns once this is sent.
    @discardableResult
    public func ready(status: String) -> Bool { send(["READY=1", "STATUS=" + status]) }

    /// The one-line status `systemctl status` shows.
    @discardableResult
    public func status(_ text: String) -> Bool { send(["STATUS=" + text]) }

    /// "Still alive": must come at least once per `WATCHDOG_USEC` or systemd restarts us.
    @discardableResult
    public func watchdog() -> Bool { send(["WATCHDOG=1"]) }

    /// A configuration reload began; send ``ready(status:)`` when it is done.
    @discardableResult
    public func reloading() -> Bool { send(["RELOADING=1", "STATUS=reloading the configuration"]) }

    /// Shutdown began.
    @discardableResult
    public func stopping() -> Bool { send(["STOPPING=1", "STATUS=stopping: finishing the batch in flight"]) }

    /// The service is failing; `errno` is shown by `systemctl status`.
    @discardableResult
    public func failed(errno code: Int32, status: String) -> Bool { send(["STATUS=failed: " + status, "ERRNO=\(code)"]) }

    /// Sends `NAME=value` assignments in one datagram. True when a manager received them.
    @discardableResult
    func send(_ assignments: [String]) -> Bool {
        let state = assignments.map { $0.replacingNewlines() }.joined(separator: "\n")
        return sd_notify(0, state) > 0
    }
}

extension String {
    /// A status is one line: a newline inside a value would start a new assignment.
    func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
