import LinuxSystem
import Synchronization

/// Inbox entries that could not be moved after their outcome was committed, with the
/// identity they had then, so that rescans do not try them again and again while they
/// stay unchanged. A changed file (another inode, a new write) is looked at afresh.
package final class LeftInPlace: Sendable {
    private let entries = Mutex([String: FileIdentity]())

    package init() {}

    package func remember(_ name: String, as identity: FileIdentity) {
        entries.withLock { $0[name] = identity }
    }

    package func contains(_ name: String, as identity: FileIdentity) -> Bool {
        entries.withLock { $0[name] == identity }
    }
}
