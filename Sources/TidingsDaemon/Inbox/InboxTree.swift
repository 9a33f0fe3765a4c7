import LinuxSystem
import SystemPackage

/// The inbox as a tree: entries are named by their path relative to the inbox
/// (`reuters/2026-12-01/a.txt`), and every operation on one reaches its folder through
/// ``DirectoryHandle/subdirectory(_:)`` — beneath the inbox, through no symbolic link and
/// no mount point — then names the entry relative to that folder. A producer who swaps a
/// folder for a link to somewhere else makes the operation fail, never reach outside.
package struct InboxTree: Sendable {
    package let root: String

    package init(root: String) { self.root = root }

    /// The folder holding `entry`, opened safely.
    private func folder(of entry: FileName) throws(SystemCallError) -> (DirectoryHandle, FileName) {
        let (folder, name) = entry.split
        return (try DirectoryHandle.open(root).subdirectory(folder), name)
    }

    /// The status of `entry` itself (a link is not followed).
    package func status(of entry: FileName) throws(SystemCallError) -> Stat {
        let (directory, name) = try folder(of: entry)
        return try directory.status(of: name)
    }

    /// Moves `entry` into `target` as `name` (a claim).
    package func move(_ entry: FileName, to target: DirectoryHandle, as name: FileName) throws(SystemCallError) {
        let (directory, own) = try folder(of: entry)
        try directory.rename(own, to: target, as: name)
    }

    /// Puts `name` from `source` back at `entry`, unless something is there already
    /// (`EEXIST`). Folders removed meanwhile are made again (with the inbox's group, as any
    /// folder made in the setgid inbox).
    package func putBack(_ name: FileName, from source: DirectoryHandle, at entry: FileName) throws(SystemCallError) {
        let (folderPath, own) = entry.split
        var directory = try DirectoryHandle.open(root)
        for component in folderPath.components {
            do { try directory.makeDirectory(component, permissions: [.ownerReadWriteExecute, .groupReadWriteExecute]) } catch where error.errno == .fileExists {}
            directory = try directory.subdirectory(component)
        }
        try source.rename(name, to: directory, as: own, replacing: false)
    }

    /// Removes the folder `path` if it is empty; true when it did.
    @discardableResult
    package func removeIfEmpty(_ path: FileName) -> Bool {
        let (parent, name) = path.split
        guard !name.bytes.isEmpty, let directory = try? DirectoryHandle.open(root).subdirectory(parent) else { return false }
        return (try? directory.removeDirectory(name)) != nil
    }
}
