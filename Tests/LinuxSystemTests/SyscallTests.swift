import Glibc
import SystemPackage
import Testing
@testable import LinuxSystem

/// The wrapper every libc call goes through: typed errors that name the call and its path.
@Suite struct SyscallTests {
    @Test func aFailureNamesTheCallThePathAndTheErrno() {
        let error = #expect(throws: SystemCallError.self) {
            try FileSystem.unlink("/nonexistent/tidings-test")
        }
        #expect(error?.call == "unlink")
        #expect(error?.path == "/nonexistent/tidings-test")
        #expect(error?.errno == .noSuchFileOrDirectory)
        #expect(error?.description == "unlink(/nonexistent/tidings-test) failed: no such file or directory")
    }

    @Test func interruptedCallsAreRetried() throws {
        var attempts = 0
        let result = try Syscall.call("test") { () -> Int32 in
            attempts += 1
            if attempts < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(attempts == 3)
    }
}
