import Glibc
import SystemPackage

/// The Linux file-system calls the daemon needs beyond swift-system, grouped in one
/// namespace: `lstat`, `rename`, directory `fsync`, `unlink`, listing.
enum FileSystem {
    /// What `lstat` says about an entry, without following a link.
    struct Entry {
        let type: FileType
        let size: Int
        let device: UInt64
        let inode: UInt64
        /// The later of modification and status change, in seconds since the epoch: a copy
        /// that keeps its old mtime (`cp -p`) still has a fresh ctime.
        let changedAt: Double
    }

    static func lstat(_ path: String) throws(SystemCallError) -> Entry {
        var status = stat()
        try Syscall.call("lstat", path: path) { Glibc.lstat(path, &status) }
        let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        let changed = Double(status.st_ctim.tv_sec) + Double(status.st_ctim.tv_nsec) / 1e9
        return Entry(
            type: FileType(rawValue: status.st_mode & S_IFMT), size: Int(status.st_size),
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), changedAt: max(modified, changed))
    }

    static func rename(_ source: String, _ target: String) throws(SystemCallError) {
        try Syscall.call("rename", path: "\(source) → \(target)") { Glibc.rename(source, target) }
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return Glibc.lstat(path, &status) == 0
    }

    static func unlink(_ path: String) throws(SystemCallError) {
        try Syscall.call("unlink", path: path) { Glibc.unlink(path) }
    }

    /// Makes a directory's entries durable: renames and unlinks in it survive a crash.
    static func fsyncDirectory(_ path: String) throws(SystemCallError) {
        let descriptor = try Syscall.call("open", path: path) { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { Glibc.close(descriptor) }
        try Syscall.call("fsync", path: path) { Glibc.fsync(descriptor) }
    }

    /// The names in a directory, without `.` and `..`.
    static func names(in directory: String) throws(SystemCallError) -> [String] {
        guard let stream = opendir(directory) else {
            throw SystemCallError(call: "opendir", path: directory, errno: Errno(rawValue: errno))
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether the calling process may create and delete entries in `directory`.
    static func isWritableDirectory(_ directory: String) -> Bool {
        access(directory, W_OK | X_OK) == 0
    }

    /// Writes `bytes` to `path` durably: a temporary name, `fsync`, then a rename.
    static func writeDurably(_ bytes: [UInt8], to path: String, temporary: String) throws {
        let descriptor = try FileDescriptor.open(
            FilePath(temporary), .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: [.ownerReadWrite, .groupRead])
        do {
            _ = try descriptor.writeAll(bytes)
            try Syscall.call("fsync", path: temporary) { Glibc.fsync(descriptor.rawValue) }
            try descriptor.close()
        } catch {
            try? descriptor.close()
            throw error
        }
        try Syscall.call("rename", path: path) { Glibc.rename(temporary, path) }
    }
}
