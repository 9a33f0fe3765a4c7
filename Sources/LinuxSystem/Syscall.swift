import Glibc
import SystemPackage

/// The one place Tidings calls into libc: `EINTR` is retried and a failure becomes a typed
/// ``SystemCallError`` that names the call and what it was called on, as swift-system and
/// swift-nio do. Calls swift-system already wraps go through ``system(_:path:_:)`` so that
/// their `Errno` gets the same context.
package enum Syscall {
    /// Runs a libc call that returns -1 and sets `errno` on failure.
    @discardableResult
    package static func call<Result: FixedWidthInteger>(
        _ name: String, path: String? = nil, _ body: () -> Result
    ) throws(SystemCallError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Errno(rawValue: errno)
            if code == .interrupted { continue }
            throw SystemCallError(call: name, path: path, errno: code)
        }
    }

    /// Runs a libc call that returns nil and sets `errno` on failure (`opendir`).
    package static func pointer<Pointer>(_ name: String, path: String? = nil, _ body: () -> Pointer?) throws(SystemCallError) -> Pointer {
        while true {
            if let result = body() { return result }
            let code = Errno(rawValue: errno)
            if code == .interrupted { continue }
            throw SystemCallError(call: name, path: path, errno: code)
        }
    }

    /// Runs a swift-system call (which retries `EINTR` itself and throws `Errno`) and names
    /// it in its error.
    package static func system<Result>(_ name: String, path: String? = nil, _ body: () throws -> Result) throws(SystemCallError) -> Result {
        do { return try body() } catch { throw SystemCallError(call: name, path: path, errno: error as? Errno ?? .ioError) }
    }
}

/// A failed system call: which call, on what, and the `errno`.
package struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    package let call: String
    package let path: String?
    package let errno: Errno

    package init(call: String, path: String?, errno: Errno) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    package var description: String {
        "\(call)(\(path ?? "")) failed: \(errno.description.lowercased())"
    }
}
