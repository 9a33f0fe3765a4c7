import LinuxSystem
import SystemPackage

/// The inbox, rejected and archive directories, checked before the daemon starts.
///
/// The inbox must exist (a mistyped path must not silently become an empty new inbox);
/// the rejected and archive directories are created when missing. All must be writable
/// and on one filesystem, because files move between them by `rename`, which is atomic
/// only within a filesystem.
package struct InboxDirectories: Sendable, Equatable {
    package let inbox: String
    package let rejected: String
    /// nil when stored files are deleted.
    package let archive: String?

    package init(settings: Settings) throws(DaemonError) {
        inbox = settings.inboxPath
        rejected = settings.rejectedPath
        archive = settings.archivePath.isEmpty ? nil : settings.archivePath
        let inboxDevice = try Self.checkInbox(inbox)
        for (key, path) in [("inbox.rejected_path (--rejected)", rejected), ("inbox.archive_path (--archive)", archive)] {
            guard let path else { continue }
            let device = try Self.ensureDirectory(path, key: key)
            if device != inboxDevice {
                throw DaemonError(.setup, "\(path) is on another filesystem than the inbox \(inbox); files move between them by rename, which needs one filesystem: put \(key) on the inbox's filesystem")
            }
        }
    }

    private static func checkInbox(_ path: String) throws(DaemonError) -> UInt64 {
        let entry: Stat
        do { entry = try FileSystem.status(path) } catch {
            throw DaemonError(.setup, "the inbox \(path) does not exist: create it (mkdir -p \(path)) or name another with --inbox or inbox.path")
        }
        guard entry.type == .directory else {
            throw DaemonError(.setup, "the inbox \(path) is not a directory: name a directory with --inbox or inbox.path")
        }
        guard FileSystem.isWritableDirectory(path) else {
            throw DaemonError(.setup, "the inbox \(path) is not writable by this user, so files could not be removed once stored: fix its permissions (the tidings group needs rwx)")
        }
        return UInt64(entry.deviceID.rawValue)
    }

    private static func ensureDirectory(_ path: String, key: String) throws(DaemonError) -> UInt64 {
        if !FileSystem.exists(path) {
            // The daemon's alone: producers must not read what others sent, nor reach into
            // a quarantined directory of theirs.
            do { try FileSystem.makeDirectory(path, permissions: [.ownerReadWriteExecute]) } catch {
                throw DaemonError(.setup, "cannot create \(path) (\(error.errno.description.lowercased())): create it or set \(key)")
            }
        }
        guard let entry = try? FileSystem.status(path), entry.type == .directory else {
            throw DaemonError(.setup, "\(path) is not a directory: set \(key) to a directory")
        }
        guard FileSystem.isWritableDirectory(path) else {
            throw DaemonError(.setup, "\(path) is not writable by this user: fix its permissions or set \(key)")
        }
        return UInt64(entry.deviceID.rawValue)
    }

    /// The inbox as a tree of entries named by their path in it.
    package var tree: InboxTree { InboxTree(root: inbox) }
}
