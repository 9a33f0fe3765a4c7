import Foundation
import Glibc

/// A datagram socket standing in for systemd's notify socket: a notifier (or a daemon's
/// `NOTIFY_SOCKET`) points at it, and each notification arrives as one datagram.
public final class FakeNotifySocket: @unchecked Sendable {
    let directory = TemporaryDirectory("tidings-notify")
    /// What `NOTIFY_SOCKET` should say: a path, or `@name` for an abstract socket.
    public let path: String
    private let descriptor: Int32

    public init(abstract: Bool = false) throws {
        path = abstract ? "@tidings-test-\(getpid())-\(UUID().uuidString)" : directory.path("notify.sock")
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(path.utf8)
        if abstract { name[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: name.prefix(raw.count - 1)) }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (abstract ? 0 : 1)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(length)) }
        }
        guard descriptor >= 0, bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Every datagram that arrived, waiting up to 200 ms for the first.
    public func received() -> [String] {
        var messages: [String] = []
        while let message = next() { messages.append(message) }
        return messages
    }

    /// The next datagram, waiting up to 200 ms for it; nil when none came.
    public func next() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Waits until a datagram containing `text` arrives, for at most `timeout` seconds;
    /// returns every datagram received up to it, or nil when none matched in time.
    public func wait(for text: String, timeout: Double) -> [String]? {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: [String] = []
        while Date() < deadline {
            guard let message = next() else { continue }
            seen.append(message)
            if message.contains(text) { return seen }
        }
        return nil
    }
}
