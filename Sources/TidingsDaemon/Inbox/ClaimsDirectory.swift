import Foundation
import LinuxSystem
import SystemPackage

/// Where the daemon moves a file before it opens it: `.tidings-claimed/` inside the inbox,
/// on the inbox's filesystem (a rename), readable and writable by the daemon alone (0700).
///
/// Once a file is there, a producer can no longer rename, replace or delete it, nor swap a
/// symbolic link in for it: what the daemon reads, commits and disposes of is one and the
/// same file. It is a dot-name, so the inbox's watch and scans pass over it.
package struct ClaimsDirectory: Sendable {
    package static let name = ".tidings-claimed"

    package let path: String

    /// Makes sure the directory exists and is the daemon's own. Anything else found under
    /// its name — a producer's directory, a link, a file — is moved aside into `rejected`
    /// (a producer may create it before the daemon first starts), and a fresh one made.
    package init(inbox: String, rejected: String) throws(DaemonError) {
        path = inbox + "/" + Self.name
        if let status = try? FileSystem.status(path) {
            let ours = status.type == .directory && status.userID.rawValue == FileSystem.effectiveUserID
            if ours, status.permissions != [.ownerReadWriteExecute] {
                try? FileSystem.setPermissions(path, [.ownerReadWriteExecute])
            }
            guard !ours else { return }
            let aside = rejected + "/" + Self.name + "-not-ours-" + UUID().uuidString
            do { try FileSystem.rename(path, aside) } catch {
                throw DaemonError(.setup, "\(path) is not the daemon's own directory and cannot be moved aside (\(error)); remove it and start tidings again")
            }
        }
        do {
            try FileSystem.makeDirectory(path, permissions: [.ownerReadWriteExecute])
            // In a setgid inbox a new directory inherits the setgid bit: 0700 exactly.
            try FileSystem.setPermissions(path, [.ownerReadWriteExecute])
        } catch {
            throw DaemonError(.setup, "cannot create the claims directory \(path): \(error)")
        }
    }

    /// The path of a claimed file.
    package func path(_ token: String) -> String { path + "/" + token }

    /// The tokens of the files in the directory.
    package func tokens() throws(SystemCallError) -> [String] { try FileSystem.names(in: path).map(\.description) }

    /// A fresh token: unique, and a valid file name of any filesystem.
    package static func newToken() -> String { UUID().uuidString.lowercased() }
}
