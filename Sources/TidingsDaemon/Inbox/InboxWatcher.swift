import Foundation
import Glibc
import LinuxSystem
import Synchronization
import SystemPackage

/// Watches the inbox with inotify on a thread of its own and reports ``InboxEvent``s
/// through an `AsyncStream`.
///
/// The watch is established when the watcher is created, so a caller can create it, then
/// scan the inbox, and miss nothing that arrives in between. The thread blocks in `poll`;
/// ``stop()`` wakes it, so stopping never waits for the next file to arrive.
final class InboxWatcher: Sendable {
    /// The events that can make an entry ready, plus the ones that say the inbox itself went.
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    let directory: String
    private let inotify: FileDescriptor
    private let poll: WakeablePoll
    private let stopped = Mutex(false)

    /// Establishes the watch; events that happen from now on are reported.
    init(directory: String) throws(SystemCallError) {
        self.directory = directory
        let inotify = try Inotify.open()
        do {
            try Inotify.addWatch(inotify, path: directory, mask: Self.mask)
            poll = try WakeablePoll()
        } catch {
            try? inotify.close()
            throw error
        }
        self.inotify = inotify
    }

    /// Starts the reading thread. Call once; the stream finishes after ``stop()``, or with
    /// an ``InboxEvent/inboxGone(_:)`` event, or when reading fails.
    func events() -> AsyncStream<InboxEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: InboxEvent.self, bufferingPolicy: .unbounded)
        let thread = Thread { [self] in
            readLoop(continuation)
            continuation.finish()
        }
        thread.name = "tidings-inotify"
        thread.start()
        return stream
    }

    /// Ends the stream; safe to call more than once. The descriptors stay open until the
    /// watcher is released, so the thread never polls a closed (or reused) descriptor.
    func stop() {
        stopped.withLock { $0 = true }
        poll.wake()
    }

    /// Whether ``stop()`` ended the stream (rather than a failure).
    var wasStopped: Bool { stopped.withLock { $0 } }

    deinit {
        try? inotify.close()
    }

    private func readLoop(_ continuation: AsyncStream<InboxEvent>.Continuation) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count: Int
            do {
                guard try poll.waitUntilReadable(inotify) else { return }
                count = try Syscall.system("read", path: directory) {
                    try inotify.read(into: buffer, retryOnInterrupt: true)
                }
            } catch {
                return
            }
            if count <= 0 { return }
            for event in Inotify.decode(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) {
                guard let translated = translate(event) else { continue }
                continuation.yield(translated)
                if case .inboxGone = translated { return }
            }
        }
    }

    private func translate(_ event: Inotify.Event) -> InboxEvent? {
        if event.has(IN_Q_OVERFLOW) { return .overflow }
        if event.has(IN_DELETE_SELF) { return .inboxGone("the inbox \(directory) was deleted") }
        if event.has(IN_MOVE_SELF) { return .inboxGone("the inbox \(directory) was moved or renamed") }
        if event.has(IN_IGNORED) || event.has(IN_UNMOUNT) { return .inboxGone("the watch on the inbox \(directory) ended (unmounted?)") }
        guard !event.name.bytes.isEmpty else { return nil }
        return .entry(event.name, event.has(IN_MOVED_TO) ? .movedIn : .written)
    }
}
