import Glibc
import Synchronization
import SystemPackage

/// Waits for a descriptor to become readable on a thread of its own, and can be woken from
/// any other thread: `poll` on the descriptor and on the read end of a pipe that ``wake()``
/// writes to. Stopping a reader thread never waits for its next event.
package final class WakeablePoll: Sendable {
    private let wakeRead: FileDescriptor
    private let wakeWrite: FileDescriptor
    private let woken = Mutex(false)

    package init() throws(SystemCallError) {
        (wakeRead, wakeWrite) = try Pipe.closedOnExec()
    }

    deinit {
        try? wakeRead.close()
        try? wakeWrite.close()
    }

    /// Blocks until `descriptor` is readable (true) or ``wake()`` was called (false).
    package func waitUntilReadable(_ descriptor: FileDescriptor) throws(SystemCallError) -> Bool {
        var descriptors = [
            pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead.rawValue, events: Int16(POLLIN), revents: 0),
        ]
        try Syscall.call("poll") { poll(&descriptors, 2, -1) }
        return descriptors[1].revents == 0
    }

    /// Makes every wait, current and later, return false. Safe to call more than once.
    package func wake() {
        let first = woken.withLock { wasWoken in
            defer { wasWoken = true }
            return !wasWoken
        }
        guard first else { return }
        _ = try? wakeWrite.writeAll([1])
    }
}
