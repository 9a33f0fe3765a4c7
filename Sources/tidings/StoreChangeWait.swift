import Glibc
import LinuxSystem
import SystemPackage

/// Waits until a store may have changed: an inotify watch on the store's directory wakes
/// `tidings export --follow` when the store or its write-ahead log is written, so a new
/// journal entry is printed within milliseconds of its commit, without polling the store
/// in a tight loop. A timeout bounds every wait anyway (a store on a filesystem whose
/// writes inotify does not see, such as a network mount written from another host).
final class StoreChangeWait {
    private let instance: FileDescriptor

    init(store: String) throws(SystemCallError) {
        let path = FilePath(store)
        let directory = path.removingLastComponent().string
        instance = try Inotify.open()
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)
        do { try Inotify.addWatch(instance, path: directory.isEmpty ? "." : directory, mask: mask) } catch {
            try? instance.close()
            throw error
        }
    }

    deinit { try? instance.close() }

    /// Returns once something in the store's directory was written to, or after
    /// `milliseconds`; the caller reads the store again either way.
    func wait(milliseconds: Int32) throws(SystemCallError) {
        guard try Poll.readable(instance, withinMilliseconds: milliseconds) else { return }
        // Drain what is queued: one wake-up for any number of writes.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        let descriptor = instance.rawValue
        while try Poll.readable(instance, withinMilliseconds: 0) {
            if try Syscall.call("read", { Glibc.read(descriptor, buffer.baseAddress, buffer.count) }) <= 0 { return }
        }
    }
}
