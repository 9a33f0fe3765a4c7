import LinuxSystem
import SystemPackage

/// The inbox, rejected and archive directories, checked before the daemon starts.
///
/// The inbox must exist (a mistyped path must not silently become an empty new inbox);
/// the rejected and archive directories are created when missing. All must be writable
/// and on one filesystem, because files move between them by `rename`, which is atomic
/// only within a filesystem.
package struct InboxDirectories: Sendable, Equatable {
    /// The inbox's name (``InboxSettings/name``).
    package let name: String
    package let inbox: String
    package let rejected: String
    /// nil when stored files are deleted.
    package let archive: String?

    /// The directories of the first (or only) inbox.
    package init(settings: Settings) throws(DaemonError) {
        try self.init(settings.inboxes[0], named: !settings.namedInboxes.isEmpty)
    }

    /// `named`: whether the configuration lists `inboxes` (the keys to fix are then theirs).
    package init(_ settings: InboxSettings, named: Bool) throws(DaemonError) {
        name = settings.name
        inbox = settings.path
        rejected = settings.rejectedPath
        archive = settings.archivePath.isEmpty ? nil : settings.archivePath
        let keys = named
            ? (path: "inboxes.\(name).path", rejected: "inboxes.\(name).rejected_path", archive: "inboxes.\(name).archive_path")
            : (path: "--inbox or inbox.path", rejected: "inbox.rejected_path (--rejected)", archive: "inbox.archive_path (--archive)")
        let inboxDevice = try Self.checkInbox(inbox, key: keys.path)
        for (key, path) in [(keys.rejected, rejected), (keys.archive, archive)] {
            guard let path else { continue }
            let device = try Self.ensureDirectory(path, key: key)
            if device != inboxDevice {
                throw DaemonError(.setup, "\(path) is on another filesystem than the inbox \(inbox); files move between them by rename, which needs one filesystem: put \(key) on the inbox's filesystem")
            }
        }
    }

    private static func checkInbox(_ path: String, key: String) throws(DaemonError) -> UInt64 {
        let entry: Stat
        do { entry = try FileSystem.status(path) } catch {
            throw DaemonError(.setup, "the inbox \(path) does not exist: create it (mkdir -p \(path)) or name another with \(key)")
        }
        guard entry.type == .directory else {
            throw DaemonError(.setup, "the inbox \(path) is not a directory: name a directory with \(key)")
        }
        guard FileSystem.isWritableDirectory(path) else {
            throw DaemonError(.setup, "the inbox \(path) is not writable by this user, so files could not be removed once stored: fix its permissions (the tidings group needs rwx)")
        }
        return UInt64(entry.deviceID.rawValue)
    }

    private static func ensureDirectory(_ path: String, key: String) throws(DaemonError) -> UInt64 {
        if !FileSystem.exists(path) {
            // The daemon's alone: producers must not read what others sent, nor reach into
            // a quarantined directory of theirs. Made with its parents (an inbox's own
            // folder in the rejected directory).
            var missing: [String] = []
            var next = path
            while !next.isEmpty, next != "/", !FileSystem.exists(next) {
                missing.append(next)
                next = FilePath(next).removingLastComponent().string
            }
            for directory in missing.reversed() {
                do { try FileSystem.makeDirectory(directory, permissions: [.ownerReadWriteExecute]) } catch {
                    throw DaemonError(.setup, "cannot create \(directory) (\(error.errno.description.lowercased())): create it or set \(key)")
                }
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
