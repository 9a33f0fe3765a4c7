import Foundation
import Glibc
import GRDB
import Testing
import TidingsTesting

/// A `tidings run` process on temporary directories, and ways to look at what it did.
final class DaemonHarness: @unchecked Sendable {
    let root = TemporaryDirectory("tidings-daemon")
    var inbox: String { root.path("inbox") }
    var rejected: String { root.path("rejected") }
    var staging: String { root.path("staging") }
    /// The store file; a test may move it (onto a small filesystem, say) before starting.
    lazy var store: String = root.path("store.sqlite")
    /// A program the daemon is started through (`fiu-run -x -c …`), if any.
    var launcher: [String] = []
    var logPath: String { root.path("daemon.log") }
    private(set) var process: Process?
    /// Settings for every run, as environment variables (TIDINGS_INBOX_SETTLE_MS=…).
    var environment: [String: String] = ["TIDINGS_INBOX_SETTLE_MS": "300"]
    /// Where `tidings run` is told its directories are: the one inbox by flags, unless a
    /// test configures its own (several inboxes, from a file in `TIDINGS_CONFIG`).
    lazy var placeArguments = ["--inbox", inbox, "--store", store, "--rejected", rejected]
    /// What the daemon's start line says it watches.
    lazy var watching = "watching \(inbox)"

    init() throws {
        for directory in [inbox, staging] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    /// Starts `tidings run` and waits until it says it is watching.
    func start(_ extra: [String] = []) throws {
        let process = Process()
        let arguments = ["run"] + placeArguments + extra
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = launcher.dropFirst() + [TidingsBinary.url.path] + arguments
        } else {
            process.executableURL = TidingsBinary.url
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIDINGS_") && !TidingsBinary.systemdVariables.contains($0.key) }
        env["TIDINGS_CONFIG"] = Fixtures.root.appendingPathComponent("config/tidings.yaml").path
        env.merge(environment) { $1 }
        process.environment = env
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
    }

    /// Waits until the log says the watch is established or the daemon exited, for at most
    /// `timeout` seconds; true when it is watching. For tests in which a daemon may fail to
    /// start on purpose (faults injected from its first system call).
    func waitUntilWatchingOrExit(timeout: Double = 120) async throws -> Bool {
        let marker = watching
        let before = log.components(separatedBy: marker).count
        let watching = { self.log.components(separatedBy: marker).count > before }
        _ = try await eventually(timeout: timeout) { watching() || !(self.process?.isRunning ?? false) }
        return watching()
    }

    /// Waits until the log says the watch is established; throws, with the log, when the
    /// daemon exits first or does not get there within `timeout` seconds.
    func waitUntilWatching(timeout: Double = 120) async throws {
        guard try await waitUntilWatchingOrExit(timeout: timeout) else {
            let how = process.map { $0.isRunning ? "is still starting after \(Int(timeout)) s" : "exited with \($0.terminationStatus)" } ?? "was not started"
            throw HarnessError("the daemon \(how) without logging \"\(watching)\"; its log:\n\(log.suffix(2000))")
        }
    }

    func signal(_ number: Int32) {
        if let process { kill(process.processIdentifier, number) }
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Double = 180) async throws -> Int32? {
        guard let process else { return nil }
        guard try await eventually(timeout: timeout, { !process.isRunning }) else { return nil }
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The files still in the daemon's inbox: the inbox's entries, and the files it has
    /// claimed (moved to `.tidings-claimed/` to read them) by their inbox names.
    var inboxNames: [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []).filter { $0 != ".tidings-claimed" }
        let tokens = Set((try? FileManager.default.contentsOfDirectory(atPath: inbox + "/.tidings-claimed")) ?? [])
        let claimed = ((try? claims()) ?? []).filter { tokens.contains($0.token) }.map(\.file)
        return (entries + claimed).sorted()
    }

    /// The store's claims: token, inbox name and attempts of each file the daemon is reading.
    func claims() throws -> [(token: String, file: String, attempts: Int)] {
        guard FileManager.default.fileExists(atPath: store) else { return [] }
        let database = try readOnlyStore()
        defer { try? database.close() }
        return try database.read { db in
            guard try db.tableExists("claims") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT token, file, attempts FROM claims").map { ($0["token"], $0["file"], $0["attempts"]) }
        }
    }

    /// Writes `text` in a staging directory on the inbox's filesystem and renames it in.
    @discardableResult
    func deliver(_ name: String, _ text: String) throws -> String {
        try deliver(name, Array(text.utf8))
    }

    @discardableResult
    func deliver(_ name: String, _ bytes: [UInt8]) throws -> String {
        let temporary = staging + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        try FileManager.default.moveItem(atPath: temporary, toPath: inbox + "/" + name)
        return inbox + "/" + name
    }

    /// The files still in the inbox tree, by their path in it (folders are not files), and
    /// the claimed ones by the paths they were claimed from.
    var inboxFiles: [String] {
        let root = URL(fileURLWithPath: inbox)
        var found: [String] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in walker {
                let path = String(url.path.dropFirst(root.path.count + 1))
                if path == ".tidings-claimed" { walker.skipDescendants(); continue }
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true { found.append(path) }
            }
        }
        let tokens = Set((try? FileManager.default.contentsOfDirectory(atPath: inbox + "/.tidings-claimed")) ?? [])
        found += ((try? claims()) ?? []).filter { tokens.contains($0.token) }.map(\.file)
        return found.sorted()
    }

    /// The folders under the inbox, by their path in it, but the claims directory.
    var inboxFolders: [String] {
        let root = URL(fileURLWithPath: inbox)
        var found: [String] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                let path = String(url.path.dropFirst(root.path.count + 1))
                if path == ".tidings-claimed" { walker.skipDescendants(); continue }
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// Writes each file under `folder` in the staging directory, then moves the whole
    /// folder into the inbox as `name` (a dated folder delivered the Maildir way).
    func deliverFolder(_ name: String, files: [(String, String)]) throws {
        let staged = staging + "/" + name.replacingOccurrences(of: "/", with: "_")
        for (file, text) in files {
            let path = staged + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        let target = inbox + "/" + name
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: staged, toPath: target)
    }

    /// How many journal entries the store holds, read straight from the SQLite file (a
    /// cheap query to poll, unlike starting `tidings export`).
    func journalCount() throws -> Int {
        guard FileManager.default.fileExists(atPath: store) else { return 0 }
        let database = try readOnlyStore()
        defer { try? database.close() }
        return try database.read { db in
            try db.tableExists("journal") ? Int.fetchOne(db, sql: "SELECT count(*) FROM journal") ?? 0 : 0
        }
    }

    /// The journal, as `tidings export` prints it.
    func journal() throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: store) else { return [] }
        return try TidingsBinary.run(["export", "--store", store]).jsonLines
    }

    /// How many journal entries each file has.
    func entriesPerFile() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in try journal() { counts[entry["file"] as? String ?? "", default: 0] += 1 }
        return counts
    }

    /// The store, to read while the daemon writes. A reader can find it busy for a moment —
    /// while the daemon starts and recovers its log, or rewinds it (a TRUNCATE checkpoint) —
    /// so it waits, as the daemon's own readers do, rather than fail a test on a busy machine.
    private func readOnlyStore() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        return try DatabaseQueue(path: store, configuration: configuration)
    }

    /// Waits until no file is left in the inbox tree and the journal has `entries` entries.
    func waitUntilDrained(entries: Int, timeout: Double = 300) async throws -> Bool {
        try await eventually(timeout: timeout) { try self.inboxFiles.isEmpty && self.journalCount() >= entries }
    }
}

/// The harness could not get the daemon where a test needs it.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` seconds pass. A generous bound for slow
/// machines, not a measurement: no test asserts how long anything took.
func eventually(timeout: Double, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try condition()
}
