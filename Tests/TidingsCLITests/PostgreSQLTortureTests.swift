import Foundation
import Glibc
import Testing
import TidingsTesting

/// Three daemons on three "hosts" (network namespaces, each reaching the server over its
/// own veth link) share one PostgreSQL store, while files flood their inboxes — edited
/// copies of one another's stories among them — random daemons are killed with SIGKILL and
/// restarted, and the server itself crashes once (`pg_ctl stop -m immediate`) and comes back.
/// Afterwards every file has exactly one journal entry, from its own daemon; no story has
/// two canonical articles; `verify` passes.
@Suite(.serialized, .enabled(if: NetworkNamespace.isAvailable && PostgreSQLServer.isInstalled, "needs root (ip netns) and PostgreSQL"))
final class PostgreSQLTortureTests: @unchecked Sendable {
    @Test func threeHostsKillsAndAServerCrashNeverLoseDoubleOrSplitAStory() async throws {
        let rounds = Int(ProcessInfo.processInfo.environment["TIDINGS_TORTURE_ROUNDS"] ?? "") ?? 12
        let seed = UInt64(ProcessInfo.processInfo.environment["TIDINGS_TORTURE_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64(UInt32.max))
        var random = SeededRandom(seed: seed)
        let hosts = try (1...3).map { try NetworkNamespace(number: $0) }
        let server = try PostgreSQLServer(listeningOn: hosts.map(\.hostAddress))
        let database = PostgreSQLServer.database(in: try server.newDatabase())
        let daemons = try hosts.map { host in
            let daemon = try DaemonHarness()
            daemon.launcher = host.launcher
            daemon.placeArguments = ["--inbox", daemon.inbox, "--store", server.url(database: database, address: host.hostAddress), "--rejected", daemon.rejected]
            daemon.environment["TIDINGS_STORE_INSTANCE"] = "host\(host.number)"
            daemon.environment["TIDINGS_STORE_PATH"] = daemon.store
            daemon.environment["TIDINGS_INBOX_SETTLE_MS"] = "50"
            daemon.environment["TIDINGS_STORE_RETRY_MAX_SECONDS"] = "2"
            return daemon
        }

        // Each daemon's files: originals, edited copies of the story the next daemon gets
        // just before (so the two often commit at the same moment), and a few rejects.
        let perDaemon = 40 * rounds
        var files: [[(name: String, bytes: [UInt8])]] = Array(repeating: [], count: 3)
        for daemon in 0..<3 {
            for index in 0..<perDaemon {
                let name = String(format: "h\(daemon + 1)-%05d.txt", index)
                if index % 10 == 9 {
                    files[daemon].append((name, [0x42, 0x00] + Array("binary \(daemon) \(index)".utf8)))
                } else if index % 4 == 3 {
                    let story = DaemonTests.article(((daemon + 1) % 3) * perDaemon + index - 1)
                    let edited = story.replacingOccurrences(of: "x0y0 ", with: "x0y0edited ", options: [], range: story.range(of: "x0y0 "))
                    files[daemon].append((name, Array(edited.utf8)))
                } else {
                    files[daemon].append((name, Array(DaemonTests.article(daemon * perDaemon + index).utf8)))
                }
            }
        }
        let delivered = files
        let dropper = Task {
            for start in stride(from: 0, to: perDaemon, by: 10) {
                for (daemon, harness) in daemons.enumerated() {
                    for file in delivered[daemon][start..<min(start + 10, perDaemon)] {
                        let staged = harness.staging + "/" + file.name
                        try Data(file.bytes).write(to: URL(fileURLWithPath: staged))
                        try FileManager.default.moveItem(atPath: staged, toPath: harness.inbox + "/" + file.name)
                    }
                }
                try await Task.sleep(for: .milliseconds(40))
            }
        }
        for daemon in daemons { try daemon.start() }
        var kills = 0
        for round in 0..<rounds {
            try await Task.sleep(for: .milliseconds(100 + Int(random.next() % 600)))
            if round == rounds / 2 {
                try server.stop(mode: "immediate")
                try await Task.sleep(for: .milliseconds(300 + Int(random.next() % 700)))
                try server.start()
                continue
            }
            let victim = daemons[Int(random.next() % 3)]
            victim.signal(SIGKILL)
            _ = try await victim.waitForExit()
            kills += 1
            try victim.start()
        }
        try await dropper.value
        for daemon in daemons where !(daemon.process?.isRunning ?? false) { try daemon.start() }

        func rows(_ sql: String) throws -> [Substring] {
            try server.psql(sql, database: database).split(separator: "\n")
        }
        let total = 3 * perDaemon
        let drained = try await eventually(timeout: 600) {
            try daemons.allSatisfy { $0.inboxFiles.isEmpty } && rows("SELECT count(*) FROM journal") == ["\(total)"]
        }
        let entries = try rows("SELECT count(*) FROM journal")
        #expect(drained, "seed \(seed): \(entries) entries of \(total); logs: \(daemons.map { $0.log.suffix(1500) })")
        let wrong = try rows("SELECT instance || ' ' || file || ' ' || count(*) FROM journal GROUP BY instance, file HAVING count(*) <> 1 LIMIT 10")
        #expect(wrong.isEmpty, "seed \(seed): files with more than one entry: \(wrong)")
        let misplaced = try rows("SELECT file FROM journal WHERE substr(file, 2, 1) <> substr(instance, 5, 1) LIMIT 10")
        #expect(misplaced.isEmpty, "seed \(seed): entries recorded by another daemon than the file's: \(misplaced)")
        let split = try rows("SELECT title || ' ' || count(*) FROM articles WHERE canonical_id IS NULL GROUP BY title HAVING count(*) > 1 LIMIT 10")
        #expect(split.isEmpty, "seed \(seed): stories stored as canonical twice: \(split)")
        // Each edited copy and its original: one of them a variant of the other, unless a
        // kill quarantined one of the two unread (two kills while it was being read).
        let pairs = 3 * (0..<perDaemon).filter { $0 % 4 == 3 && $0 % 10 != 9 }.count
        let unread = Int(try rows("SELECT count(*) FROM journal WHERE reason LIKE 'not read again%'").first ?? "") ?? 0
        let variants = Int(try rows("SELECT count(*) FROM journal WHERE outcome = 'near-duplicate'").first ?? "") ?? 0
        #expect((pairs - unread...pairs).contains(variants), "seed \(seed): \(variants) variants for \(pairs) pairs (\(unread) files unread)")
        let verify = try TidingsBinary.run(["verify", "--store", server.url(database: database)])
        #expect(verify.status == 0, "\(verify.stdout)")
        for daemon in daemons { daemon.signal(SIGTERM) }
        for daemon in daemons { #expect(try await daemon.waitForExit() == 0) }
        print("PostgreSQL torture: 3 daemons in 3 network namespaces, \(kills) kills and one server crash survived, \(total) files, seed \(seed)")
    }
}
