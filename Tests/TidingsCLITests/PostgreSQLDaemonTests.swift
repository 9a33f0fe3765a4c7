import Foundation
import Glibc
import Testing
import TidingsTesting

/// Daemons and commands on a PostgreSQL store, on a real PostgreSQL 15 server started for
/// the suite (see PostgreSQLServer).
@Suite(.serialized) final class PostgreSQLDaemonTests: @unchecked Sendable {
    let server: PostgreSQLServer

    init() throws { server = try PostgreSQLServer() }

    /// A daemon on `url` as instance `name`, its status report beside a store path of its own.
    func daemon(_ url: String, instance name: String) throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        daemon.placeArguments = ["--inbox", daemon.inbox, "--store", url, "--rejected", daemon.rejected]
        daemon.environment["TIDINGS_STORE_INSTANCE"] = name
        daemon.environment["TIDINGS_STORE_PATH"] = daemon.store
        return daemon
    }

    func journalEntries(_ url: String) throws -> Int {
        Int(try server.psql("SELECT count(*) FROM journal", database: PostgreSQLServer.database(in: url)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Every command a user inspects a store with works on PostgreSQL as on SQLite.
    @Test func theCommandsWorkOnAPostgreSQLStore() throws {
        let url = try server.newDatabase()
        let seeds = Fixtures.seeds.map(\.path)
        let ingest = try TidingsBinary.run(["ingest", "--store", url] + seeds)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("5 files: 5 new") && ingest.stderr.contains("store: \(url)"))
        #expect(try TidingsBinary.run(["list", "--store", url]).stdout.split(separator: "\n").count == 5)
        let show = try TidingsBinary.run(["show", "--store", url, "2", "--json"])
        #expect(show.stdout.contains("\"source\":\"Tasnim\""))
        #expect(try TidingsBinary.run(["search", "--store", url, "oil"]).stdout.contains("[oil]"))
        #expect(try TidingsBinary.run(["stats", "--store", url, "--json"]).jsonLines.first?["articles"] as? Int == 5)
        #expect(try TidingsBinary.run(["export", "--store", url]).jsonLines.map { $0["outcome"] as? String } == Array(repeating: "new", count: 5))
        let verify = try TidingsBinary.run(["verify", "--store", url])
        #expect(verify.status == 0 && verify.stdout.contains("all 9 checks passed"), "\(verify.stdout)")
        let again = try TidingsBinary.run(["ingest", "--store", url] + seeds)
        #expect(again.stderr.contains("0 new, 5 duplicate"))
    }

    /// An SQLite store copied into PostgreSQL, in two runs (the second copies only what
    /// was added since): both stores then answer alike, and new files are classified
    /// against the copied articles.
    @Test func migrateCopiesAnSQLiteStoreAndResumes() throws {
        let directory = TemporaryDirectory("tidings-migrate")
        let sqlite = directory.path("store.sqlite")
        let url = try server.newDatabase()
        let seeds = Fixtures.seeds.map(\.path)
        #expect(try TidingsBinary.run(["ingest", "--store", sqlite, "--quiet"] + seeds.prefix(3)).status == 0)
        #expect(try TidingsBinary.run(["remove", "--store", sqlite, "1", "--reason", "a court order", "--by", "legal"]).status == 0)
        let first = try TidingsBinary.run(["migrate", "--store", sqlite, "--to", url, "--instance", "east"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("copied 3 articles, 4 journal entries and 1 takedown"))
        let edited = try directory.write("edited.txt", CopyVariants.edited(Fixtures.seedText("001")))
        #expect(try TidingsBinary.run(["ingest", "--store", sqlite, "--quiet"] + seeds.suffix(2) + [edited]).status == 0)
        let second = try TidingsBinary.run(["migrate", "--store", sqlite, "--to", url])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("copied 3 articles, 3 journal entries and 0 takedowns"), "\(second.stderr)")
        #expect(second.stdout.contains("5 articles, 1 variants, 7 journal entries on both stores"), "\(second.stdout)")
        for command in [["export"], ["show", "6", "--json"], ["show", "1", "--json"], ["list", "--all"]] {
            let onSQLite = try TidingsBinary.run(command + ["--store", sqlite]).stdout
            let onPostgreSQL = try TidingsBinary.run(command + ["--store", url]).stdout
            #expect(onSQLite == onPostgreSQL, "\(command)")
        }
        // The copied index finds copies, and new ids follow the copied ones.
        let again = try TidingsBinary.run(["ingest", "--store", url, seeds[2], try directory.write("new.txt", "A story\n\nGENEVA - " + String(repeating: "Nothing like the seeds at all here. ", count: 30))])
        #expect(again.stdout.contains("duplicate of 3"), "\(again.stdout)")
        #expect(again.stdout.contains("new 7"), "\(again.stdout)")
        #expect(try TidingsBinary.run(["verify", "--store", url]).status == 0)
    }

    @Test func aURLWithAPasswordOrAForeignDatabaseIsRefused() throws {
        let withPassword = try TidingsBinary.run(["list", "--store", "postgresql://tidings:secret@localhost/news"])
        #expect(withPassword.status == 2)
        #expect(withPassword.stderr.contains("holds a password") && !withPassword.stderr.contains("secret"), "\(withPassword.stderr)")
        let url = try server.newDatabase()
        try server.psql("CREATE TABLE orders (id int)", database: PostgreSQLServer.database(in: url))
        let foreign = try TidingsBinary.run(["ingest", "--store", url, Fixtures.seeds[0].path])
        #expect(foreign.status == 4, "\(foreign.stderr)")
        #expect(foreign.stderr.contains("not a Tidings store"))
    }

    /// Two daemons on two inboxes share one store: the same stories delivered to both are
    /// stored once, and each file has one journal entry, recorded with its daemon's name.
    @Test func twoDaemonsShareOneStoreAndOneDeduplication() async throws {
        let url = try server.newDatabase()
        let east = try daemon(url, instance: "east"), west = try daemon(url, instance: "west")
        // Each waits for the start line printed after its own start.
        try east.start()
        try await east.waitUntilWatching()
        try west.start()
        try await west.waitUntilWatching()
        for (index, seed) in Fixtures.seeds.enumerated() {
            let text = String(decoding: try Data(contentsOf: seed), as: UTF8.self)
            try east.deliver("e\(index).txt", text)
            try west.deliver("w\(index).txt", text)
        }
        #expect(try await eventually(timeout: 180) { try self.journalEntries(url) == 10 && east.inboxFiles.isEmpty && west.inboxFiles.isEmpty })
        let database = PostgreSQLServer.database(in: url)
        let byOutcome = try server.psql("SELECT outcome || '=' || count(*) FROM journal GROUP BY outcome ORDER BY outcome", database: database)
        #expect(byOutcome.split(separator: "\n") == ["duplicate=5", "new=5"])
        let byInstance = try server.psql("SELECT instance || '=' || count(*) FROM journal GROUP BY instance ORDER BY instance", database: database)
        #expect(byInstance.split(separator: "\n") == ["east=5", "west=5"])
        #expect(try TidingsBinary.run(["verify", "--store", url]).status == 0)
        east.signal(SIGTERM)
        west.signal(SIGTERM)
        #expect(try await east.waitForExit() == 0)
        #expect(try await west.waitForExit() == 0)
    }

    /// While the server is down, files stay in the inbox and the daemon says commits are
    /// paused; once it is back they are committed, each once.
    @Test func filesWaitWhileTheServerIsDownAndAreCommittedOnceItIsBack() async throws {
        let url = try server.newDatabase()
        let daemon = try daemon(url, instance: "east")
        try daemon.start()
        try await daemon.waitUntilWatching()
        try daemon.deliver("first.txt", Fixtures.seedText("000"))
        #expect(try await eventually(timeout: 120) { try self.journalEntries(url) == 1 })
        try server.stop()
        var restarted = false
        defer { if !restarted { try? server.start() } }
        for index in 1...3 { try daemon.deliver("down\(index).txt", Fixtures.seedText("00\(index)")) }
        #expect(try await eventually(timeout: 120) { daemon.log.contains("the PostgreSQL server") && daemon.log.contains("stay in the inbox") })
        #expect(daemon.inboxNames == ["down1.txt", "down2.txt", "down3.txt"])
        try server.start()
        restarted = true
        #expect(try await eventually(timeout: 180) { try self.journalEntries(url) == 4 && daemon.inboxFiles.isEmpty })
        let files = try server.psql("SELECT file || '=' || count(*) FROM journal GROUP BY file ORDER BY file", database: PostgreSQLServer.database(in: url))
        #expect(files.split(separator: "\n") == ["down1.txt=1", "down2.txt=1", "down3.txt=1", "first.txt=1"])
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }
}
