import Foundation
import Glibc
import TidingsDaemon

/// Records when the daemon is done with each file dropped into an inbox, with inotify.
///
/// The daemon first claims a file — renames it into the claims directory under a token —
/// and only then reads, parses and commits it; right after the batch holding it commits, it
/// disposes of it, which takes it out of the claims directory. So the time a name leaves
/// the inbox is the claim (a batch's parse and commit still ahead), and the time its token
/// leaves the claims directory is the commit. The two are paired by the rename's cookie:
/// the inbox's `IN_MOVED_FROM` and the claims directory's `IN_MOVED_TO` carry the same one.
final class CommitClock: @unchecked Sendable {
    private let lock = NSLock()
    private var committedAt: [String: ContinuousClock.Instant] = [:]
    private let descriptor: Int32
    private let inboxWatch: Int32
    private let claimsWatch: Int32
    private var running = true

    /// Watches `inbox` and its claims directory, which must exist (``BenchDaemon/freshDirectory(_:)``
    /// makes it as the daemon would, so that no claim happens before the watch).
    init(inbox: String) throws {
        descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        inboxWatch = inotify_add_watch(descriptor, inbox, UInt32(IN_MOVED_FROM))
        claimsWatch = inotify_add_watch(descriptor, inbox + "/" + ClaimsDirectory.name, UInt32(IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE))
        guard descriptor >= 0, inboxWatch >= 0, claimsWatch >= 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: inbox, NSLocalizedDescriptionKey: "cannot watch \(inbox) and its claims directory: errno \(errno)"])
        }
        Thread { [self] in readLoop() }.start()
    }

    var lastCommit: ContinuousClock.Instant? { lock.withLock { committedAt.values.max() } }

    func stop() { lock.withLock { running = false } }

    /// Waits until every name is committed (or the timeout), and returns each one's latency.
    func latencies(of dropped: [String: ContinuousClock.Instant], timeout: Duration) async throws -> [Duration] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let done = lock.withLock { dropped.keys.allSatisfy { committedAt[$0] != nil } }
            if done { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return lock.withLock { dropped.compactMap { name, at in committedAt[name].map { $0 - at } } }
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        // A name that left the inbox, by its rename's cookie; a claimed file's name, by token.
        var leaving: [UInt32: String] = [:]
        var names: [String: String] = [:]
        while lock.withLock({ running }) {
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            let now = ContinuousClock.now
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            buffer.withUnsafeBytes { raw in
                while offset + header <= count {
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let length = Int(event.len)
                    let name = String(decoding: raw[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }, as: UTF8.self)
                    offset += header + length
                    if event.wd == inboxWatch {
                        leaving[event.cookie] = name
                    } else if event.wd == claimsWatch, event.mask & UInt32(IN_MOVED_TO) != 0 {
                        if let file = leaving.removeValue(forKey: event.cookie) { names[name] = file }
                    } else if event.wd == claimsWatch, let file = names.removeValue(forKey: name) {
                        lock.withLock { committedAt[file] = now }
                    }
                }
            }
        }
    }
}
