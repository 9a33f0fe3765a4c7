import CLinuxSystem
import Glibc
import SystemPackage

/// The file-system calls Tidings makes beyond what swift-system's `FileDescriptor` offers:
/// status without following links, renames, unlinks, directory listings and fsyncs.
package enum FileSystem {
    /// The status of the entry at `path` itself; a symbolic link is not followed.
    package static func status(_ path: String) throws(SystemCallError) -> Stat {
        try Syscall.system("lstat", path: path) { try Stat(FilePath(path), followTargetSymlink: false) }
    }

    package static func exists(_ path: String) -> Bool {
        (try? status(path)) != nil
    }

    package static func rename(_ source: String, _ target: String) throws(SystemCallError) {
        try Syscall.call("rename", path: "\(source) → \(target)") { Glibc.rename(source, target) }
    }

    package static func unlink(_ path: String) throws(SystemCallError) {
        try Syscall.call("unlink", path: path) { Glibc.unlink(path) }
    }

    /// Creates a directory; it is an error if something is there already.
    package static func makeDirectory(_ path: String, permissions: FilePermissions) throws(SystemCallError) {
        try Syscall.call("mkdir", path: path) { Glibc.mkdir(path, permissions.rawValue) }
    }

    /// Changes the permission bits of the entry at `path` (not following a link: `chmod`
    /// of a path the daemon owns, in a directory only it can write).
    package static func setPermissions(_ path: String, _ permissions: FilePermissions) throws(SystemCallError) {
        try Syscall.call("chmod", path: path) { Glibc.chmod(path, permissions.rawValue) }
    }

    /// The user this process runs as.
    package static var effectiveUserID: UInt32 { geteuid() }

    /// Whether the calling process may create and delete entries in `directory`.
    package static func isWritableDirectory(_ directory: String) -> Bool {
        (try? Syscall.call("access", path: directory) { Glibc.access(directory, W_OK | X_OK) }) != nil
    }

    /// Makes a directory's entries durable: renames and unlinks in it survive a crash.
    package static func fsyncDirectory(_ path: String) throws(SystemCallError) {
        let directory = try Syscall.system("open", path: path) {
            try FileDescriptor.open(FilePath(path), .readOnly, options: [.directory, .closeOnExec])
        }
        defer { try? directory.close() }
        try Syscall.call("fsync", path: path) { Glibc.fsync(directory.rawValue) }
    }

    /// The names in a directory, as bytes, without `.` and `..`.
    package static func names(in directory: String) throws(SystemCallError) -> [FileName] {
        let stream = try Syscall.pointer("opendir", path: directory) { opendir(directory) }
        defer { closedir(stream) }
        return try names(readingFrom: stream, path: directory)
    }

    /// The names an open directory stream lists, without `.` and `..`.
    static func names(readingFrom stream: OpaquePointer, path directory: String) throws(SystemCallError) -> [FileName] {
        var names: [FileName] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw SystemCallError(call: "readdir", path: directory, errno: Errno(rawValue: errno)) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in FileName(bytes: raw.prefix(while: { $0 != 0 })) }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// The whole content of a (small) file.
    package static func contents(of path: String) throws(SystemCallError) -> [UInt8] {
        let file = try Syscall.system("open", path: path) { try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) }
        defer { try? file.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try Syscall.system("read", path: path) { try chunk.withUnsafeMutableBytes { try file.read(into: $0) } }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Writes `bytes` to an existing file (a `/proc` setting), without creating or truncating it.
    package static func writeExisting(_ path: String, _ bytes: [UInt8]) throws(SystemCallError) {
        let file = try Syscall.system("open", path: path) { try FileDescriptor.open(FilePath(path), .writeOnly, options: [.closeOnExec]) }
        defer { try? file.close() }
        try Syscall.system("write", path: path) { _ = try file.writeAll(bytes) }
    }

    /// The size of the file at `path` in bytes, or nil when there is no such file.
    package static func size(of path: String) -> Int64? {
        (try? status(path))?.size
    }

    /// Whether the filesystem holding `path` has no free block left for this process (root
    /// may use the blocks reserved for it).
    package static func isFull(holding path: String) -> Bool {
        var status = statvfs()
        guard (try? Syscall.call("statvfs", path: path) { statvfs(path, &status) }) != nil else { return false }
        return (geteuid() == 0 ? status.f_bfree : status.f_bavail) == 0
    }

    /// Writes `bytes` to `path` durably: to `temporary` first, fsynced, then renamed over
    /// `path`. On any failure the temporary file is removed again.
    package static func writeDurably(_ bytes: [UInt8], to path: String, temporary: String) throws(SystemCallError) {
        try replace(path, with: bytes, temporary: temporary, permissions: nil, durable: true)
    }

    /// Replaces the file at `path` with `bytes` so that a reader sees the old content or
    /// the new, never a part: written to `temporary` (a stale one left by a crash is
    /// removed first), then renamed over `path`. `permissions`, when given, are set
    /// explicitly, whatever the umask (a metrics file another user's exporter reads).
    /// Without `durable` nothing is fsynced: for a file rewritten every second, whose
    /// loss in a crash costs nothing.
    package static func replace(
        _ path: String, with bytes: [UInt8], temporary: String, permissions: FilePermissions?, durable: Bool
    ) throws(SystemCallError) {
        if !durable { _ = Glibc.unlink(temporary) }
        let file = try Syscall.system("open", path: temporary) {
            try FileDescriptor.open(
                FilePath(temporary), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead])
        }
        var open = true
        do {
            if let permissions { try Syscall.call("fchmod", path: temporary) { Glibc.fchmod(file.rawValue, permissions.rawValue) } }
            try Syscall.system("write", path: temporary) { _ = try file.writeAll(bytes) }
            if durable { try Syscall.call("fsync", path: temporary) { Glibc.fsync(file.rawValue) } }
            open = false  // a failed close has released the descriptor all the same
            try Syscall.system("close", path: temporary) { try file.close() }
            try rename(temporary, path)
        } catch {
            if open { try? file.close() }
            _ = Glibc.unlink(temporary)
            throw error
        }
    }
}
