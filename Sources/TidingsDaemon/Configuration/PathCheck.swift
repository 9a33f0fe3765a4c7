import LinuxSystem
import SystemPackage

/// The directories a configuration names, checked without changing anything: what
/// `tidings run` would refuse at start (``InboxDirectories``, the store), found by
/// `tidings config check` before the service is started or reloaded.
package enum PathCheck {
    /// One problem per path that the daemon could not use, with what to do.
    package static func problems(in report: ConfigurationReport) -> [ConfigurationReport.Problem] {
        guard !report.values.isEmpty else { return [] }
        let settings = report.settings
        func source(_ key: String) -> SettingSource { report.values.first { $0.key == key }?.source ?? .builtIn }
        func problem(_ key: String, _ message: String) -> ConfigurationReport.Problem {
            .init(key: key, source: source(key), line: nil, message: message, refusesStart: true)
        }
        var problems: [ConfigurationReport.Problem] = []
        let named = !settings.namedInboxes.isEmpty
        for inbox in settings.inboxes where !inbox.path.isEmpty {
            let prefix = named ? "inboxes.\(inbox.name)." : "inbox."
            let path = inbox.path
            if let entry = try? FileSystem.status(path) {
                if entry.type != .directory {
                    problems.append(problem(prefix + "path", "\(path) is not a directory"))
                } else if !FileSystem.isWritableDirectory(path) {
                    problems.append(problem(prefix + "path", "\(path) is not writable by this user (the service needs rwx to remove stored files)"))
                }
            } else {
                problems.append(problem(prefix + "path", "\(path) does not exist: create it (mkdir -p \(path)); the daemon never creates its inbox"))
            }
            for (key, path) in [("rejected_path", inbox.rejectedPath), ("archive_path", inbox.archivePath)] where !path.isEmpty {
                if let message = createdDirectoryProblem(path) { problems.append(problem(prefix + key, message)) }
            }
        }
        if let message = createdDirectoryProblem(parent(of: settings.storePath), creates: false) {
            problems.append(problem("store.path", "the store's directory: " + message))
        }
        return problems
    }

    /// Why the daemon could not use (or, with `creates`, create) a directory at `path`.
    private static func createdDirectoryProblem(_ path: String, creates: Bool = true) -> String? {
        if let entry = try? FileSystem.status(path) {
            if entry.type != .directory { return "\(path) is not a directory" }
            return FileSystem.isWritableDirectory(path) ? nil : "\(path) is not writable by this user"
        }
        guard creates else { return "\(path) does not exist" }
        var parent = parent(of: path)
        while parent != "/", parent != ".", !FileSystem.exists(parent) { parent = self.parent(of: parent) }
        guard let entry = try? FileSystem.status(parent), entry.type == .directory else {
            return "\(path) does not exist and cannot be created: \(parent) is not a directory"
        }
        return FileSystem.isWritableDirectory(parent) ? nil : "\(path) does not exist and this user cannot create it in \(parent)"
    }

    private static func parent(of path: String) -> String {
        let directory = FilePath(path).removingLastComponent().string
        return directory.isEmpty ? "." : directory
    }
}
