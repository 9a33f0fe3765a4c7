import CLinuxSystem
import Glibc
import SystemPackage

/// An open directory (`O_PATH`) that names entries relative to itself, for an inbox tree a
/// producer can change under the daemon's feet.
///
/// A path such as `inbox/a/b/file` is resolved by the kernel component by component, and a
/// producer may swap `a` for a symbolic link to anywhere between the daemon's look and its
/// rename. So the folder is opened beneath the inbox one component at a time, each with
/// `O_NOFOLLOW | O_DIRECTORY`, refusing links, `..` and other filesystems
/// (``subdirectory(_:)``), and the file is then named by its
/// last component relative to that descriptor: the rename or the status is of the entry in
/// the very directory that was checked, never of something a link leads to.
package final class DirectoryHandle: Sendable {
    private let descriptor: FileDescriptor
    /// For error messages: the path it was opened by.
    package let path: String

    private init(_ descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { try? descriptor.close() }

    /// Opens a directory the daemon was configured with (the inbox, the claims directory).
    package static func open(_ path: String) throws(SystemCallError) -> DirectoryHandle {
        let fd = try Syscall.call("open", path: path) { tidings_open_directory_path(path) }
        return DirectoryHandle(FileDescriptor(rawValue: fd), path: path)
    }

    /// The directory at `relative` (components separated by `/`) beneath this one, reached
    /// through no symbolic link and no mount point; this directory itself for an empty path.
    package func subdirectory(_ relative: FileName) throws(SystemCallError) -> DirectoryHandle {
        let shown = path + "/" + relative.description
        let fd = try Syscall.call("openat", path: shown) {
            (relative.bytes.isEmpty ? FileName(".") : relative).withCString { tidings_open_directory_beneath(descriptor.rawValue, $0) }
        }
        return DirectoryHandle(FileDescriptor(rawValue: fd), path: shown)
    }

    /// The status of the entry `name` in this directory; a link is not followed.
    package func status(of name: FileName) throws(SystemCallError) -> Stat {
        try Syscall.system("fstatat", path: path + "/" + name.description) {
            try name.withCString { try Stat($0, relativeTo: descriptor, flags: [.symlinkNoFollow]) }
        }
    }

    /// Renames the entry `name` here to `newName` in `target`; with `replacing` false it
    /// fails with `EEXIST` rather than replace what is there.
    package func rename(_ name: FileName, to target: DirectoryHandle, as newName: FileName, replacing: Bool = true) throws(SystemCallError) {
        let shown = "\(path)/\(name) → \(target.path)/\(newName)"
        try Syscall.call(replacing ? "renameat" : "renameat2", path: shown) {
            name.withCString { from in
                newName.withCString { to in
                    replacing
                        ? renameat(descriptor.rawValue, from, target.descriptor.rawValue, to)
                        : tidings_renameat_noreplace(descriptor.rawValue, from, target.descriptor.rawValue, to)
                }
            }
        }
    }

    /// Creates the directory `name` here.
    package func makeDirectory(_ name: FileName, permissions: FilePermissions) throws(SystemCallError) {
        try Syscall.call("mkdirat", path: path + "/" + name.description) {
            name.withCString { mkdirat(descriptor.rawValue, $0, permissions.rawValue) }
        }
    }

    /// Removes the directory `name` here if it is empty (`ENOTEMPTY` otherwise).
    package func removeDirectory(_ name: FileName) throws(SystemCallError) {
        try Syscall.call("unlinkat", path: path + "/" + name.description) {
            name.withCString { unlinkat(descriptor.rawValue, $0, AT_REMOVEDIR) }
        }
    }

    /// The names in this directory, without `.` and `..`.
    package func names() throws(SystemCallError) -> [FileName] {
        let fd = try Syscall.call("openat", path: path) { openat(descriptor.rawValue, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard let stream = fdopendir(fd) else {
            let error = SystemCallError(call: "fdopendir", path: path, errno: Errno(rawValue: errno))
            Glibc.close(fd)
            throw error
        }
        defer { closedir(stream) }
        return try FileSystem.names(readingFrom: stream, path: path)
    }

    /// A path that names exactly this directory, whatever happens to the path it was opened
    /// by: for calls that take only a path (`inotify_add_watch`).
    package var procPath: String { "/proc/self/fd/\(descriptor.rawValue)" }
}
