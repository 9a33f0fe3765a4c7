import LinuxSystem

/// Tells systemd how the service is doing, by the `sd_notify(3)` protocol: one datagram of
/// `NAME=value` lines to the socket `NOTIFY_SOCKET` names.
///
/// Outside systemd (no `NOTIFY_SOCKET`) every call does nothing, so the daemon runs the
/// same under a terminal, a test or systemd. The socket comes from the environment given
/// at creation, not from the process's, so a test can point it at a socket of its own.
package struct SystemdNotifier: ServiceManagerNotifier {
    /// The socket systemd listens on, if any.
    package let socketPath: String?

    package init(environment: [String: String] = ProcessEnvironment.current) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    package var isConnected: Bool { socketPath != nil }

    @discardableResult
    package func ready(status: String) -> Bool { send(["READY=1", "STATUS=" + status]) }

    @discardableResult
    package func status(_ text: String) -> Bool { send(["STATUS=" + text]) }

    @discardableResult
    package func watchdog() -> Bool { send(["WATCHDOG=1"]) }

    @discardableResult
    package func reloading() -> Bool { send(["RELOADING=1", "STATUS=reloading the configuration"]) }

    @discardableResult
    package func stopping() -> Bool { send(["STOPPING=1", "STATUS=stopping: finishing the batch in flight"]) }

    /// The service is failing; `errno` is shown by `systemctl status`.
    @discardableResult
    package func failed(errno code: Int32, status: String) -> Bool { send(["STATUS=failed: " + status, "ERRNO=\(code)"]) }

    /// Sends `NAME=value` assignments in one datagram. True when a manager received them.
    @discardableResult
    func send(_ assignments: [String]) -> Bool {
        guard let socketPath else { return false }
        let state = assignments.map { $0.replacingNewlines() }.joined(separator: "\n")
        return (try? UnixDatagram.send(Array(state.utf8), to: socketPath)) != nil
    }
}

extension String {
    /// A status is one line: a newline inside a value would start a new assignment.
    func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
