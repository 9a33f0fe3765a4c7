import Glibc
import SystemPackage

/// Whether another process holds a file open for writing, by trying a read lease.
///
/// `fcntl(F_SETLEASE, F_RDLCK)` fails with `EAGAIN` while any process has the file open for
/// writing. The lease is released at once; the daemon ignores `SIGIO`, so a writer opening
/// the file in that instant cannot kill it with the lease-break signal. A process that may
/// not take leases (not the file's owner, no `CAP_LEASE`) gets no answer here and relies on
/// the settle window and on comparing the file's status before and after reading.
enum WriterCheck {
    /// `F_SETLEASE` from <fcntl.h>, which Glibc's Swift module does not export (`_GNU_SOURCE`).
    private static let setLease: Int32 = 1024

    static func hasWriter(_ descriptor: FileDescriptor) -> Bool {
        if fcntl(descriptor.rawValue, setLease, Int32(F_RDLCK)) == 0 {
            _ = fcntl(descriptor.rawValue, setLease, Int32(F_UNLCK))
            return false
        }
        return errno == EAGAIN
    }
}

extension timespec {
    static func != (lhs: timespec, rhs: timespec) -> Bool {
        lhs.tv_sec != rhs.tv_sec || lhs.tv_nsec != rhs.tv_nsec
    }
}
