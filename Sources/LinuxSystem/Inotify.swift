import Glibc
import SystemPackage

/// Linux inotify(7): an instance, its watches, and the events read from it.
package enum Inotify {
    /// One decoded `struct inotify_event`.
    package struct Event: Sendable, Equatable {
        /// The watch the event is about.
        package let watch: Int32
        package let mask: UInt32
        /// The entry's name within the watched directory; empty for events on the directory itself.
        package let name: FileName

        package init(watch: Int32, mask: UInt32, name: FileName) {
            self.watch = watch
            self.mask = mask
            self.name = name
        }

        package func has(_ flag: Int32) -> Bool { mask & UInt32(bitPattern: flag) != 0 }
    }

    /// A new inotify instance, closed on exec; reads from it block.
    package static func open() throws(SystemCallError) -> FileDescriptor {
        FileDescriptor(rawValue: try Syscall.call("inotify_init1") { inotify_init1(Int32(IN_CLOEXEC)) })
    }

    /// Adds (or updates) a watch on `path`; returns the watch descriptor events carry.
    @discardableResult
    package static func addWatch(_ instance: FileDescriptor, path: String, mask: UInt32) throws(SystemCallError) -> Int32 {
        try Syscall.call("inotify_add_watch", path: path) { inotify_add_watch(instance.rawValue, path, mask) }
    }

    /// Decodes the events in a buffer filled by `read` on an inotify descriptor.
    package static func decode(_ buffer: UnsafeRawBufferPointer) -> [Event] {
        var events: [Event] = []
        let header = MemoryLayout<inotify_event>.size
        var offset = 0
        while offset + header <= buffer.count {
            let watch = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameBytes = UnsafeRawBufferPointer(rebasing: buffer[(offset + header)..<min(buffer.count, offset + header + length)])
            let name = FileName(bytes: nameBytes.prefix(while: { $0 != 0 }))
            events.append(Event(watch: watch, mask: mask, name: name))
            offset += header + length
        }
        return events
    }
}
