import Foundation
import Glibc
import Synchronization
import SystemPackage

/// Watches the inbox with inotify on a thread of its own and reports ``InboxEvent``s
/// through an `AsyncStream`.
///
/// The thread blocks in `poll` on the inotify descriptor and on a pipe; ``stop()`` writes
/// to the pipe, so stopping never waits for the next file to arrive.
final class InboxWatcher: Sendable {
    let directory: String
    private let inotify: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let stopped = Mutex(false)

    /// Establishes the watch; events that happen from now on are reported.
    init(directory: String) throws(SystemCallError) {
        self.directory = directory
        inotify = try Inotify.watch(directory)
        var pipeEnds: [Int32] = [0, 0]
        if pipe(&pipeEnds) == -1 {
            let error = SystemCallError(call: "pipe", path: nil, errno: .init(rawValue: errno))
            Glibc.close(inotify)
            throw error
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
    }

    /// Starts the reading thread. Call once; the stream finishes after ``stop()``.
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
        let first = stopped.withLock { wasStopped in
            defer { wasStopped = true }
            return !wasStopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    deinit {
        for descriptor in [inotify, wakeRead, wakeWrite] { Glibc.close(descriptor) }
    }

    private func readLoop(_ continuation: AsyncStream<InboxEvent>.Continuation) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&descriptors, 2, -1)
            if ready == -1 && errno == EINTR { continue }
            if ready == -1 || descriptors[1].revents != 0 { return }
            let count = read(inotify, buffer.baseAddress, buffer.count)
            if count == -1 && errno == EINTR { continue }
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
        guard !event.name.isEmpty else { return nil }
        return .entry(event.name, event.has(IN_MOVED_TO) ? .movedIn : .written)
    }
}
