import ArgumentParser
import Foundation
import Glibc
import TidingsTesting

/// Daemons sharing one PostgreSQL store, against one daemon on SQLite: the same corpus
/// (originals and their copies) is dealt round-robin to the daemons' inboxes, so copies
/// often reach another daemon than their original, and renamed in at once; the rate is
/// files over the time until the last one left its inbox (a file is removed right after
/// the commit that recorded it). PostgreSQL runs on this machine, on a Unix socket, in a
/// temporary directory (Debian's `postgresql` package).
struct SharedStoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgresql", abstract: "Measure daemons sharing one PostgreSQL store beside one daemon on SQLite.")

    @Option(help: "Originals in the corpus (half as many copies follow).")
    var originals = 3000

    @Option(help: "Numbers of daemons to run on PostgreSQL, one run each.")
    var daemons = "1,2,4"

    @Option(help: "Where the inboxes and the SQLite store are made.")
    var directory = ".bench/postgresql"

    func run() async throws {
        var generator = CorpusGenerator(seed: 11, originals: originals, copyShare: 0.5)
        let files = generator.generate()
        print("shared store: \(files.count) files (\(originals) originals, the rest copies), dealt round-robin to the daemons' inboxes and renamed in at once")
        let sqliteStore = URL(fileURLWithPath: directory).standardizedFileURL.path + "/d0/store.sqlite"
        let sqlite = try await burst(files, daemons: 1, store: { _, _ in sqliteStore })
        print(String(format: "  SQLite, 1 daemon: %.2f s, %.0f files/s; ", sqlite, Double(files.count) / sqlite) + (try outcomes(sqliteStore)))
        let server = try PostgreSQLServer()
        for count in daemons.split(separator: ",").compactMap({ Int($0) }) {
            let url = try server.newDatabase()
            let seconds = try await burst(files, daemons: count, store: { _, _ in url })
            print(String(format: "  PostgreSQL, %d daemon%@: %.2f s, %.0f files/s (%.2f× SQLite); ", count, count == 1 ? "" : "s", seconds, Double(files.count) / seconds, sqlite / seconds) + (try outcomes(url)))
        }
    }

    /// The store's outcomes, from `tidings stats`: the same on every run when the daemons
    /// deduplicate as one.
    private func outcomes(_ store: String) throws -> String {
        let stats = Process()
        stats.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tidings")
        stats.arguments = ["stats", "--store", store, "--json"]
        stats.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIDINGS_") }
        let output = Pipe()
        stats.standardOutput = output
        try stats.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        stats.waitUntilExit()
        let counts = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ["articles", "near_duplicates", "duplicates"].map { "\($0) \(counts[$0] as? Int ?? -1)" }.joined(separator: ", ")
    }

    /// Seconds from the first rename to the last commit, with `count` daemons.
    private func burst(_ files: [CorpusGenerator.File], daemons count: Int, store: (String, Int) -> String) async throws -> Double {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: root)
        var roots: [String] = []
        for daemon in 0..<count {
            let own = try BenchDaemon.freshDirectory(root + "/d\(daemon)")
            roots.append(own)
        }
        for (index, file) in files.enumerated() {
            try Data(file.bytes).write(to: URL(fileURLWithPath: roots[index % count] + "/staging/" + file.name))
        }
        let clocks = try roots.map { try CommitClock(inbox: $0 + "/inbox") }
        defer { clocks.forEach { $0.stop() } }
        let processes = try roots.enumerated().map { daemon, own in
            try BenchDaemon.start(root: own, store: store(own, daemon), environment: [
                "TIDINGS_STORE_INSTANCE": "bench\(daemon)", "TIDINGS_STORE_PATH": own + "/status.sqlite",
            ])
        }
        defer {
            for process in processes { kill(process.processIdentifier, SIGTERM) }
            for process in processes { process.waitUntilExit() }
        }
        try await Task.sleep(for: .seconds(2))
        let start = ContinuousClock.now
        var dropped: [[String: ContinuousClock.Instant]] = Array(repeating: [:], count: count)
        for (index, file) in files.enumerated() {
            let own = roots[index % count]
            dropped[index % count][file.name] = ContinuousClock.now
            rename(own + "/staging/" + file.name, own + "/inbox/" + file.name)
        }
        var last = start
        for (daemon, clock) in clocks.enumerated() {
            let committed = try await clock.latencies(of: dropped[daemon], timeout: .seconds(900))
            guard committed.count == dropped[daemon].count, let done = clock.lastCommit else {
                throw ValidationError("daemon \(daemon) committed only \(committed.count) of \(dropped[daemon].count) files in time")
            }
            last = max(last, done)
        }
        let elapsed = last - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
