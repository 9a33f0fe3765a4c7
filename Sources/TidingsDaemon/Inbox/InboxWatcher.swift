import Foundation
import Glibc
import LinuxSystem
import Synchronization
import SystemPackage

/// Watches the inbox tree with inotify on a thread of its own and reports ``InboxEvent``s
/// through an `AsyncStream`.
///
/// The watch on the inbox is established when the watcher is created, so a caller can
/// create it, then scan the inbox, and miss nothing that arrives in between. A folder in the
/// inbox gets a watch of its own (``watch(_:)``), added by whoever found it — the
/// ``WatchService`` on a ``InboxEvent/folder(_:_:)`` event, or a scan — before the folder is
/// scanned, for the same reason. The thread blocks in `poll`; ``stop()`` wakes it, so
/// stopping never waits for the next file to arrive.
final class InboxWatcher: Sendable {
    /// The events that can make an entry ready, a folder appear or go, and the ones that say
    /// the inbox itself went.
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    let directory: String
    private let inotify: FileDescriptor
    private let poll: WakeablePoll
    private let stopped = Mutex(false)
    /// The folder each watch is on, by watch descriptor: the inbox itself is the empty path.
    private let folders = Mutex(Folders())
    private let rootWatch: Int32

    private struct Folders {
        var byWatch: [Int32: FileName] = [:]
        var byFolder: [FileName: Int32] = [:]
    }

    /// Establishes the watch; events that happen from now on are reported.
    init(directory: String) throws(SystemCallError) {
        self.directory = directory
        let inotify = try Inotify.open()
        do {
            rootWatch = try Inotify.addWatch(inotify, path: directory, mask: Self.mask)
            poll = try WakeablePoll()
        } catch {
            try? inotify.close()
            throw error
        }
        self.inotify = inotify
        folders.withLock { $0.byWatch[rootWatch] = FileName(bytes: []) }
    }

    /// Watches the folder `path` of the inbox, opened beneath the inbox through no link, so
    /// the watch is on that very folder. Watching a folder watched already only updates
    /// where it is (a renamed folder keeps its watch). Throws `ENOSPC` when the user's
    /// inotify watches (`fs.inotify.max_user_watches`) are used up.
    func watch(_ path: FileName) throws(SystemCallError) {
        let folder = try DirectoryHandle.open(directory).subdirectory(path)
        let watch = try Inotify.addWatch(inotify, path: folder.procPath, mask: Self.mask)
        folders.withLock { folders in
            if let old = folders.byWatch[watch] { folders.byFolder[old] = nil }
            folders.byWatch[watch] = path
            folders.byFolder[path] = watch
        }
    }

    /// How many folders are watched, the inbox included.
    var watchCount: Int { folders.withLock { $0.byWatch.count } }

    /// Stops watching `path` and every folder under it: it was moved away (or renamed, and
    /// then watched again under its new name).
    private func forget(_ path: FileName) {
        let watches = folders.withLock { folders -> [Int32] in
            let gone = folders.byFolder.filter { $0.key == path || $0.key.bytes.starts(with: path.bytes + [UInt8(ascii: "/")]) }
            for (folder, watch) in gone {
                folders.byFolder[folder] = nil
                folders.byWatch[watch] = nil
            }
            return Array(gone.values)
        }
        for watch in watches { _ = inotify_rm_watch(inotify.rawValue, watch) }
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
        guard event.watch == rootWatch else { return translateInFolder(event) }
        if event.has(IN_DELETE_SELF) { return .inboxGone("the inbox \(directory) was deleted") }
        if event.has(IN_MOVE_SELF) { return .inboxGone("the inbox \(directory) was moved or renamed") }
        if event.has(IN_IGNORED) || event.has(IN_UNMOUNT) { return .inboxGone("the watch on the inbox \(directory) ended (unmounted?)") }
        return entry(event, in: FileName(bytes: []))
    }

    /// An event of a folder's watch: its own end is no failure (the folder was removed or
    /// moved away); its entries are named by their path in the inbox.
    private func translateInFolder(_ event: Inotify.Event) -> InboxEvent? {
        guard let folder = folders.withLock({ $0.byWatch[event.watch] }) else { return nil }
        if event.has(IN_IGNORED) {
            folders.withLock { folders in
                folders.byWatch[event.watch] = nil
                if folders.byFolder[folder] == event.watch { folders.byFolder[folder] = nil }
            }
            return nil
        }
        if event.has(IN_DELETE_SELF) || event.has(IN_MOVE_SELF) || event.has(IN_UNMOUNT) { return nil }
        return entry(event, in: folder)
    }

    private func entry(_ event: Inotify.Event, in folder: FileName) -> InboxEvent? {
        guard !event.name.bytes.isEmpty else { return nil }
        let path = folder.appending(event.name)
        if event.has(IN_ISDIR) {
            if event.has(IN_MOVED_FROM) { forget(path); return nil }
            if event.has(IN_MOVED_TO) { return .folder(path, .movedIn) }
            return event.has(IN_CREATE) ? .folder(path, .written) : nil
        }
        if event.has(IN_MOVED_FROM) { return nil }
        return .entry(path, event.has(IN_MOVED_TO) ? .movedIn : .written)
    }
}
