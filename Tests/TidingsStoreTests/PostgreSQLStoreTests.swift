import Foundation
import Synchronization
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsStore

/// The PostgreSQL store, on a real PostgreSQL 15 server started for the suite in a
/// temporary directory (see PostgreSQLServer): each test has a database of its own.
@Suite(.serialized) final class PostgreSQLStoreTests: @unchecked Sendable {
    let server: PostgreSQLServer
    let deduplicator = Deduplicator()

    init() throws { server = try PostgreSQLServer() }

    func open(_ url: String, instance: String? = nil, access: StoreAccess = .readWrite) throws -> PostgreSQLStore {
        try PostgreSQLStore(address: try PostgreSQLAddress(url: url), password: nil, instance: instance, access: access)
    }

    func item(_ name: String, _ text: String, inbox: String? = nil, replayable: Bool = false) throws -> IngestItem {
        let bytes = Array(text.utf8)
        let article = try ArticleParser().parse(bytes)
        var item = IngestItem(
            file: name, size: bytes.count, contentSHA256: SHA256Hex.of(bytes),
            content: .article(article, Fingerprint(body: article.body)), replayable: replayable)
        item.inbox = inbox
        return item
    }

    func seedItems() throws -> [IngestItem] {
        try Fixtures.seeds.map { try item($0.lastPathComponent, String(decoding: try Data(contentsOf: $0), as: UTF8.self)) }
    }

    @Test func seedsAreStoredReadAndSearchedAsInSQLite() throws {
        let store = try open(try server.newDatabase())
        let first = try store.commit(try seedItems(), deduplicator: deduplicator)
        #expect(first.map(\.kind) == Array(repeating: .new, count: 5))
        #expect(first.map(\.articleID) == [1, 2, 3, 4, 5])
        let second = try store.commit(try seedItems(), deduplicator: deduplicator)
        #expect(second.map(\.kind) == Array(repeating: .duplicate, count: 5))
        #expect(second.map(\.duplicateOf) == [1, 2, 3, 4, 5])
        #expect(second.map(\.sequence) == [6, 7, 8, 9, 10])

        let seed = try #require(try store.article(id: 2))
        #expect(seed.source == "Tasnim")
        #expect(seed.file == Fixtures.seeds[1].lastPathComponent)
        #expect(try store.duplicates(of: 2).map(\.sequence) == [7])
        #expect(try store.list(limit: 3, includeVariants: false, inbox: nil).map(\.id) == [5, 4, 3])
        #expect(try store.stats() == StoreStats(articles: 5, duplicates: 5, journalEntries: 10))
        let hits = try store.search(SearchQuery("oil"), limit: 5)
        #expect(Set(hits.map(\.article.id)).isSuperset(of: [2, 4]))
        #expect(hits.first?.snippet.contains("[oil]") == true)
        #expect(try store.search(SearchQuery("Expulsion of US Forces"), limit: 5).map(\.article.id).contains(2))
        #expect(try store.search(SearchQuery("\"expulsion of us forces\" or nonexistentword", usesFTS5Syntax: true), limit: 5).map(\.article.id) == [2])
        #expect(try store.search(SearchQuery("nonexistentword"), limit: 5).isEmpty)
        var exported: [(JournalEntry, StoredArticle?)] = []
        try store.forEachJournalEntry(after: 3) { exported.append(($0, $1)) }
        #expect(exported.map(\.0.sequence) == Array(4...10))
        #expect(exported.map { $0.1?.id } == [4, 5, nil, nil, nil, nil, nil])
        #expect(try store.verify().passed)
    }

    /// An article whose language is known is searched with its language's stemmer: a
    /// query finds the other forms of its words.
    @Test func searchStemsInTheArticlesLanguage() throws {
        let store = try open(try server.newDatabase())
        let english = #"{"headline": "Ministers were meeting", "body_text": "The ministers met on Tuesday and agreed on the budgets of the harbours.", "language": "en"}"#
        let german = #"{"headline": "Die Minister", "body_text": "Die Minister trafen sich und beschlossen die Haushalte der Häfen.", "language": "de-CH"}"#
        let outcomes = try store.commit([try item("en.json", english), try item("de.json", german)], deduplicator: deduplicator)
        #expect(outcomes.map(\.kind) == [.new, .new])
        #expect(try store.search(SearchQuery("budget harbour"), limit: 5).map(\.article.id) == [1])
        #expect(try store.search(SearchQuery("Haushalt"), limit: 5).map(\.article.id) == [2])
        #expect(try store.search(SearchQuery("minister"), limit: 5).count == 2)
    }

    @Test func nearCopiesAreVariantsOfTheirCanonical() throws {
        let store = try open(try server.newDatabase())
        let text = Fixtures.seedText("001")
        let outcomes = try store.commit(
            [try item("a", text), try item("b", CopyVariants.truncated(text)), try item("c", CopyVariants.edited(text))],
            deduplicator: deduplicator)
        #expect(outcomes.map(\.kind) == [.new, .nearDuplicate, .nearDuplicate])
        #expect(outcomes.map(\.duplicateOf) == [nil, 1, 1])
        #expect(try store.variants(of: 1).map(\.id) == [2, 3])
        #expect(try store.verify().passed)
    }

    @Test func aDatabaseOfSomeoneElseIsRefusedBeforeAnythingIsWritten() throws {
        let url = try server.newDatabase()
        let name = PostgreSQLServer.database(in: url)
        try server.psql("CREATE TABLE customers (id int)", database: name)
        #expect(throws: StoreError.self) { try self.open(url) }
        do { _ = try open(url) } catch let error as StoreError { #expect(error.code == .foreign && error.isDamagedStore) }
        #expect(try server.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database: name).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func aStoreOfANewerTidingsIsRefused() throws {
        let url = try server.newDatabase()
        _ = try open(url)
        let name = PostgreSQLServer.database(in: url)
        try server.psql("UPDATE tidings_store SET schema_version = 99", database: name)
        do { _ = try open(url); Issue.record("opened a store of schema 99") } catch let error as StoreError { #expect(error.code == .newerSchema) }
    }

    @Test func readingAnEmptyDatabaseSaysThereIsNoStoreYet() throws {
        let url = try server.newDatabase()
        do { _ = try open(url, access: .readOnly); Issue.record("opened an empty database to read") } catch let error as StoreError {
            #expect(error.code == .missing)
            #expect(error.message.contains("tidings ingest --store"))
        }
    }

    /// A daemon's file is replayed from its own entries only: the same name and bytes in
    /// another daemon's inbox are another file (a duplicate), never a replay.
    @Test func aFileIsReplayedOnlyForTheDaemonThatRecordedIt() throws {
        let url = try server.newDatabase()
        let east = try open(url, instance: "east")
        let west = try open(url, instance: "west")
        let text = Fixtures.seedText("002")
        let recorded = try east.commit([try item("wire.txt", text, inbox: "wire", replayable: true)], deduplicator: deduplicator)
        #expect(recorded.map(\.kind) == [.new])
        let again = try east.commit([try item("wire.txt", text, inbox: "wire", replayable: true)], deduplicator: deduplicator)
        #expect(again.map(\.replayed) == [true])
        #expect(again.map(\.sequence) == recorded.map(\.sequence))
        let elsewhere = try west.commit([try item("wire.txt", text, inbox: "wire", replayable: true)], deduplicator: deduplicator)
        #expect(elsewhere.map(\.kind) == [.duplicate])
        #expect(elsewhere.map(\.replayed) == [false])
        #expect(try east.stats().journalEntries == 2)
    }

    /// Claims are per daemon: each sees and releases its own.
    @Test func claimsBelongToTheirDaemon() throws {
        let url = try server.newDatabase()
        let east = try open(url, instance: "east")
        let west = try open(url, instance: "west")
        _ = try east.recordAttempts([("t1", "a.txt"), ("t2", "b.txt")], releasing: [])
        _ = try west.recordAttempts([("t1", "c.txt")], releasing: [])
        #expect(try east.recordAttempts([("t1", "a.txt")], releasing: ["t2"]).map(\.attempts) == [2])
        #expect(try east.claims().map(\.file) == ["a.txt"])
        #expect(try west.claims().map(\.file) == ["c.txt"])
        var committed = try item("a.txt", Fixtures.seedText("003"))
        committed.claimToken = "t1"
        let outcome = try east.commit([committed], deduplicator: deduplicator)
        #expect(try east.claims().first?.committed?.sequence == outcome[0].sequence)
        #expect(try west.claims().first?.committed == nil)
    }

    /// Two daemons committing copies of the same stories at the same moment, on their own
    /// threads, in batches: every story ends with exactly one canonical article and one
    /// variant of it.
    @Test func daemonsCommittingCopiesTogetherNeverMakeTwoCanonicals() throws {
        let url = try server.newDatabase()
        let stores = try ["east", "west"].map { try open(url, instance: $0) }
        let stories = (0..<40).map { story in
            (0..<60).map { word in "story\(story)word\((word * 7 + story) % 97) thing\(word)" }.joined(separator: " ")
        }
        let deduplicator = self.deduplicator
        let failures = Mutex<[String]>([])
        let outcomes = Mutex<[IngestOutcome]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { daemon in
            do {
                // Each daemon gets every story, in batches of 8, in an order of its own.
                let order = daemon == 0 ? Array(stories.indices) : stories.indices.reversed()
                for batch in stride(from: 0, to: order.count, by: 8) {
                    let items = try order[batch..<min(batch + 8, order.count)].map { story in
                        // The second daemon's copies are edited: near-duplicates, which no
                        // unique key catches; only the commit lock keeps them from both
                        // being stored as canonical.
                        let text = daemon == 0 ? stories[story] : stories[story].replacingOccurrences(of: "thing1 ", with: "item1 ")
                        return try item("d\(daemon)-\(story).txt", "Story \(story)\n\nGENEVA - \(text).\n\nMore: \(text).")
                    }
                    let committed = try stores[daemon].commit(items, deduplicator: deduplicator)
                    outcomes.withLock { $0 += committed }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let all = outcomes.withLock { $0 }
        #expect(all.count == 80)
        #expect(all.filter { $0.kind == .new }.count == 40)
        #expect(all.filter { $0.kind == .nearDuplicate }.count == 40)
        #expect(try stores[0].stats().articles == 40)
        #expect(try stores[0].verify().passed)
    }

    /// A server that goes away: commits fail as `unreachable` (the daemon waits them out),
    /// and a store opened once it is back commits again.
    @Test func aServerThatIsDownIsReportedUnreachable() throws {
        let url = try server.newDatabase()
        let store = try open(url, instance: "east")
        _ = try store.commit([try item("a.txt", Fixtures.seedText("001"))], deduplicator: deduplicator)
        try server.stop()
        defer { try? server.start() }
        do {
            _ = try store.commit([try item("b.txt", Fixtures.seedText("002"))], deduplicator: deduplicator)
            Issue.record("committed with the server down")
        } catch let error as StoreError {
            #expect(error.code == .unreachable)
        }
        do { _ = try open(url); Issue.record("opened with the server down") } catch let error as StoreError { #expect(error.code == .unreachable) }
        try server.start()
        let reopened = try open(url, instance: "east")
        #expect(try reopened.commit([try item("b.txt", Fixtures.seedText("002"))], deduplicator: deduplicator).map(\.kind) == [.new])
        #expect(try reopened.stats().articles == 2)
    }
}
