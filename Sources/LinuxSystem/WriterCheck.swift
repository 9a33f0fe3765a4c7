import CLinuxSystem
import Glibc
import SystemPackage

/// Whether another process holds a file open for writing, by trying a read lease.
///
/// `fcntl(F_SETLEASE, F_RDLCK)` fails with `EAGAIN` while any process has the file open for
/// writing. The lease is released at once; the daemon ignores `SIGIO`, so a writer opening
/// the file in that instant cannot kill it with the lease-break signal. A process that may
/// not take leases (not the file's owner, no `CAP_LEASE`) gets no answer here and relies on
/// the settle window and on comparing the file's status before and after reading.
package enum WriterCheck {
    package static func hasWriter(_ descriptor: FileDescriptor) -> Bool {
        do {
            try Syscall.call("fcntl(F_SETLEASE)") { tidings_set_lease(descriptor.rawValue, Int32(F_RDLCK)) }
        } catch {
            return error.errno == .resourceTemporarilyUnavailable
        }
        _ = try? Syscall.call("fcntl(F_SETLEASE)") { tidings_set_lease(descriptor.rawValue, Int32(F_UNLCK)) }
        return false
    }
}
