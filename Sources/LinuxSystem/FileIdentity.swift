import Glibc
import SystemPackage

/// What tells one state of a file from another: which file it is (device and inode) and
/// how it was last changed (size, modification and status-change times, to the nanosecond).
///
/// Two equal identities seen some time apart mean nobody wrote to the file in between:
/// the daemon reads a file written in place only once its identity has stayed the same for
/// the settle window, and remembers a file it could not move by its identity.
package struct FileIdentity: Sendable, Hashable {
    package let device: UInt64
    package let inode: UInt64
    package let size: Int64
    package let modifiedNanoseconds: Int64
    package let changedNanoseconds: Int64

    package init(_ status: Stat) {
        device = UInt64(status.deviceID.rawValue)
        inode = UInt64(status.inode.rawValue)
        size = status.size
        modifiedNanoseconds = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        changedNanoseconds = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
    }
}
