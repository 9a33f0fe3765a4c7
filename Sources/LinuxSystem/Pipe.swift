import CLinuxSystem
import Glibc
import SystemPackage

/// Pipes whose ends are close-on-exec from the moment they exist (`pipe2(O_CLOEXEC)`): a
/// child another thread spawns at that moment must not inherit them, or the reader of a
/// pipe would never see its end.
package enum Pipe {
    package static func closedOnExec() throws(SystemCallError) -> (read: FileDescriptor, write: FileDescriptor) {
        var ends: [Int32] = [0, 0]
        try Syscall.call("pipe2") { tidings_pipe2(&ends, O_CLOEXEC) }
        return (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
    }
}
