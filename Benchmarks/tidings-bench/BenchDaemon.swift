import Foundation
import TidingsDaemon

/// The set-up the daemon benchmarks share: a fresh folder with an inbox, a staging area
/// (files are written there, then renamed into the inbox, so that the daemon sees them
/// whole) and a rejected folder, and `tidings run` started on it. The inbox's claims
/// directory is made as the daemon makes it (0700, its user's), so that ``CommitClock``
/// can watch it before the daemon starts.
enum BenchDaemon {
    /// Makes `directory` afresh and returns its absolute path.
    static func freshDirectory(_ directory: String) throws -> String {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: root)
        for sub in ["inbox", "staging", "rejected"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(
            atPath: root + "/inbox/" + ClaimsDirectory.name, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return root
    }

    /// `tidings run` on `root`, started, with the built-in defaults (or
    /// /etc/tidings/tidings.yaml) and nothing from this shell; its log is not kept.
    static func start(root: String, store: String? = nil, environment: [String: String] = [:]) throws -> Process {
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tidings")
        daemon.arguments = ["run", "--inbox", root + "/inbox", "--store", store ?? root + "/store.sqlite", "--rejected", root + "/rejected"]
        daemon.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIDINGS_") }.merging(environment) { $1 }
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try daemon.run()
        return daemon
    }
}
