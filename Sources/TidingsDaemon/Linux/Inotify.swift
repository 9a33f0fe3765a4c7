import Glibc
import SystemPackage

/// Linux inotify, as the daemon uses it: one watch on one directory.
enum Inotify {
    /// The events that can make an entry ready, plus the ones that say the inbox itself went.
    static let inboxMask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// One decoded `struct inotify_event`.
    struct Event: Equatable {
        let mask: UInt32
        let name: String

        func has(_ flag: Int32) -> Bool { mask & UInt32(flag) != 0 }
    }

    /// A blocking inotify descriptor watching `directory`.
    static func watch(_ directory: String) throws(SystemCallError) -> Int32 {
        let descriptor = try Syscall.call("inotify_init1") { inotify_init1(Int32(IN_CLOEXEC)) }
        do {
            try Syscall.call("inotify_add_watch", path: directory) { inotify_add_watch(descriptor, directory, inboxMask) }
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Decodes the events in a buffer filled by `read` on an inotify descriptor.
    static func decode(_ buffer: UnsafeRawBufferPointer) -> [Event] {
        var events: [Event] = []
        let header = MemoryLayout<inotify_event>.size
        var offset = 0
        while offset + header <= buffer.count {
            let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameBytes = UnsafeRawBufferPointer(rebasing: buffer[(offset + header)..<min(buffer.count, offset + header + length)])
            let name = String(decoding: nameBytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            events.append(Event(mask: mask, name: name))
            offset += header + length
        }
        return events
    }
}
