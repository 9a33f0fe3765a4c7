import Glibc
import SystemPackage

/// Waiting for one descriptor with a timeout.
package enum Poll {
    /// Whether `descriptor` became readable (or reached its end, or failed) within `milliseconds`.
    package static func readable(_ descriptor: FileDescriptor, withinMilliseconds milliseconds: Int32) throws(SystemCallError) -> Bool {
        var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        return try Syscall.call("poll") { poll(&entry, 1, milliseconds) } > 0
    }
}
