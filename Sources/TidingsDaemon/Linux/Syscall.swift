import Glibc
import SystemPackage

/// The one place libc calls go through: `EINTR` is retried, failure becomes a typed
/// ``SystemCallError`` that names the call and the path (as swift-system and swift-nio do).
enum Syscall {
    @discardableResult
    static func call(_ name: String, path: String? = nil, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Errno(rawValue: errno)
            if code == .interrupted { continue }
            throw SystemCallError(call: name, path: path, errno: code)
        }
    }
}

/// A failed system call: which call, on what, and the `errno`.
struct SystemCallError: Error, CustomStringConvertible {
    let call: String
    let path: String?
    let errno: Errno

    var description: String {
        "\(call)(\(path ?? "")) failed: \(errno.description.lowercased())"
    }
}
