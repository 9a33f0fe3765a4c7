import Synchronization
import Systemd

/// A service manager that writes down what it is told.
final class RecordingNotifier: ServiceManagerNotifier {
    private let sent = Mutex<[String]>([])

    var isConnected: Bool { true }

    /// Every notification so far, as `NAME=value` lines joined by newlines.
    var messages: [String] { sent.withLock { $0 } }

    func ready(status: String) -> Bool { record("READY=1\nSTATUS=\(status)") }
    func status(_ text: String) -> Bool { record("STATUS=\(text)") }
    func watchdog() -> Bool { record("WATCHDOG=1") }
    func reloading() -> Bool { record("RELOADING=1") }
    func stopping() -> Bool { record("STOPPING=1") }

    private func record(_ message: String) -> Bool {
        sent.withLock { $0.append(message) }
        return true
    }
}
