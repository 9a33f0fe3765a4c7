import Glibc
import SystemPackage

/// Sends single datagrams to a Unix socket, as `sd_notify(3)` does to systemd's notify socket.
package enum UnixDatagram {
    /// Sends `bytes` as one datagram to the socket at `path`; a path starting with `@`
    /// names a socket in the abstract namespace.
    package static func send(_ bytes: [UInt8], to path: String) throws(SystemCallError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(path.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        guard !name.isEmpty, name.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw SystemCallError(call: "sendto", path: path, errno: .fileNameTooLong)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: name) }
        // An abstract name is exactly its bytes; a path name ends with its NUL.
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (abstract ? 0 : 1))
        let socket = try Syscall.call("socket", path: path) {
            Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        defer { Glibc.close(socket) }
        try Syscall.call("sendto", path: path) {
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
    }
}
