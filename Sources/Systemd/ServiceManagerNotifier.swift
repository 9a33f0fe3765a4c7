/// What the daemon tells its service manager: readiness, a status line, watchdog pings,
/// reloads and shutdown. ``SystemdNotifier`` is the real one; tests record the calls.
package protocol ServiceManagerNotifier: Sendable {
    /// Whether a service manager is listening at all.
    var isConnected: Bool { get }
    /// Start-up is complete: `systemctl start` returns once this is sent.
    @discardableResult func ready(status: String) -> Bool
    /// The one-line status `systemctl status` shows.
    @discardableResult func status(_ text: String) -> Bool
    /// "Still alive": must come at least once per watchdog timeout.
    @discardableResult func watchdog() -> Bool
    /// A configuration reload began; ``ready(status:)`` says it ended.
    @discardableResult func reloading() -> Bool
    /// Shutdown began.
    @discardableResult func stopping() -> Bool
}
