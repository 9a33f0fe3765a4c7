import Foundation
import GRDB
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsStore

/// Files of several items, versions of one item, and kills, in a real SQLite store.
@Suite struct WireItemStoreTests {
    let directory = TemporaryDirectory("tidings-wire-store")
    let deduplicator = Deduplicator()

    func openStore() throws -> SQLiteStore {
        try SQLiteStore(path: directory.path("store.sqlite"), access: .readWrite)
    }

    /// A file holding the fixture's items, parsed as the pipeline parses it.
    func file(_ name: String, replayable: Bool = false) throws -> IngestItem {
        let bytes = Array(try Data(contentsOf: Fixtures.root.appendingPathComponent("Tests/fixtures/formats/\(name)")))
        let contents = try ArticleParser().parseItems(bytes, fileName: name).map(IngestItem.Content.init)
        return IngestItem(file: name, size: bytes.count, contentSHA256: SHA256Hex.of(bytes), contents: contents, replayable: replayable)
    }

    @Test func eachItemOfAFileGetsItsOwnJournalEntryAndTheFileIsStored() throws {
        let store = try openStore()
        let outcome = try #require(try store.commit([try file("g2-message.xml")], deduplicator: deduplicator).first)
        #expect(outcome.parts.map(\.kind) == [.new, .rejected, .new])
        #expect(outcome.parts.map(\.item) == [1, 2, 3])
        #expect(outcome.kind == .new && outcome.articleID == outcome.parts[0].articleID, "the file is disposed of as stored")
        #expect(outcome.parts[1].reason == "not an article: a NewsML-G2 photo item (itemClass picture)")
        var entries: [JournalEntry] = []
        try store.forEachJournalEntry(after: 0) { entry, _ in entries.append(entry) }
        #expect(entries.map(\.item) == [1, 2, 3] && entries.allSatisfy { $0.items == 3 && $0.file == "g2-message.xml" })
        #expect(entries.map(\.guid) == [
            "urn:newsml:wire.example.com:20261130:harbour", nil, "urn:newsml:wire.example.com:20261130:budget",
        ])

        // The same file seen again (a crash between commit and disposal): every item replayed, none recorded twice.
        let replayed = try #require(try store.commit([try file("g2-message.xml", replayable: true)], deduplicator: deduplicator).first)
        #expect(replayed.parts.map(\.sequence) == outcome.parts.map(\.sequence) && replayed.parts.allSatisfy(\.replayed))
        #expect(try store.stats().journalEntries == 3)
        #expect(try store.verify().passed)
    }

    @Test func aLaterVersionIsAnUpdateOfTheStoredArticleAndAKillIsRecordedAgainstIt() throws {
        let store = try openStore()
        let outcomes = try store.commit([try file("g2-oil-v1.xml"), try file("g2-oil-v2.xml")], deduplicator: deduplicator)
        #expect(outcomes.map(\.kind) == [.new, .update])
        let first = try #require(outcomes[0].articleID), second = try #require(outcomes[1].articleID)
        #expect(outcomes[1].duplicateOf == first, "the update is linked to the version it updates")
        #expect(try store.article(id: second)?.previousVersionID == first)
        #expect(try store.article(id: second)?.canonicalID == nil, "an update is not a near-duplicate variant")

        let kill = try #require(try store.commit([try file("g2-oil-kill.xml")], deduplicator: deduplicator).first)
        #expect(kill.kind == .withdrawn && kill.duplicateOf == second && kill.articleID == nil)
        #expect(kill.reason == "canceled (killed) by its sender in version 3")
        let guid = "urn:newsml:wire.example.com:20261130:oil-prices"
        #expect(try store.withdrawals(ofGUID: guid).map(\.sequence) == [kill.sequence])
        #expect(try store.versions(ofGUID: guid).map(\.id) == [first, second])
        #expect(try store.stats().articles == 2)
        #expect(try store.verify().passed)
    }

    @Test func anOlderVersionArrivingLateIsKeptWithoutReplacingTheNewer() throws {
        let store = try openStore()
        let outcomes = try store.commit([try file("g2-oil-v2.xml")], deduplicator: deduplicator)
            + store.commit([try file("g2-oil-v1.xml")], deduplicator: deduplicator)
        #expect(outcomes.map(\.kind) == [.new, .olderVersion])
        #expect(outcomes[1].duplicateOf == outcomes[0].articleID, "linked to the newer version")
        let olderID = try #require(outcomes[1].articleID)
        let older = try #require(try store.article(id: olderID))
        #expect(older.version == 1 && older.previousVersionID == nil)
        // A version 3 after both updates version 2, the current one, not the late version 1.
        var third = try file("g2-oil-v2.xml")
        guard case .article(var article, _) = third.contents[0] else { Issue.record("no article"); return }
        article.version = 3
        article.paragraphs.append("Prices eased in the afternoon as traders took profits.")
        third = IngestItem(file: "v3.xml", size: article.raw.count, contentSHA256: SHA256Hex.of(article.raw), content: .article(article, Fingerprint(body: article.body)))
        let update = try #require(try store.commit([third], deduplicator: deduplicator).first)
        #expect(update.kind == .update && update.duplicateOf == outcomes[0].articleID)
        #expect(try store.verify().passed)
    }

    @Test func aKillForAnItemNotStoredSaysSo() throws {
        let store = try openStore()
        let kill = try #require(try store.commit([try file("g2-oil-kill.xml")], deduplicator: deduplicator).first)
        #expect(kill.kind == .withdrawn && kill.duplicateOf == nil)
        #expect(kill.reason == "canceled (killed) by its sender in version 3; no stored article has its guid urn:newsml:wire.example.com:20261130:oil-prices yet")
        // The story arriving afterwards is stored, and its withdrawal is found by its guid.
        let late = try #require(try store.commit([try file("g2-oil-v1.xml")], deduplicator: deduplicator).first)
        #expect(late.kind == .new)
        #expect(try store.withdrawals(ofGUID: "urn:newsml:wire.example.com:20261130:oil-prices").count == 1)
    }

    /// A store written before v5 opens with its journal intact, and takes the new outcomes.
    @Test func aStoreFromBeforeVersionsIsMigratedWithItsJournal() throws {
        let path = directory.path("old.sqlite")
        do {
            // A v4 store with an entry and a claim that points at it, as v4 wrote them.
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v4: how an article's body was found")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO journal (recorded_at, file, size, content_sha256, outcome, reason)
                        VALUES ('2026-11-01T00:00:00.000Z', 'bad.bin', 3, 'ab', 'rejected', 'not text (NUL byte at offset 1)');
                    INSERT INTO claims (token, file, attempts, claimed_at, seq) VALUES ('t1', 'bad.bin', 1, '2026-11-01T00:00:00.000Z', 1);
                    """)
            }
        }
        let store = try SQLiteStore(path: path, access: .readWrite)
        var entries: [JournalEntry] = []
        try store.forEachJournalEntry(after: 0) { entry, _ in entries.append(entry) }
        #expect(entries.map(\.sequence) == [1] && entries[0].reason == "not text (NUL byte at offset 1)" && entries[0].item == nil)
        #expect(try store.claims().first?.committed?.kind == .rejected, "the claim still finds its entry")
        let outcomes = try store.commit([try file("g2-oil-v1.xml"), try file("g2-oil-v2.xml")], deduplicator: deduplicator)
        #expect(outcomes.map(\.kind) == [.new, .update] && outcomes.map(\.sequence) == [2, 3])
        #expect(try store.verify().passed)
        // The journal is still append-only.
        #expect(throws: (any Error).self) { try store.pool.write { try $0.execute(sql: "DELETE FROM journal") } }
    }

    /// A store written before v6 (search indexed inside the commit, raw bytes as read, no
    /// kept counts) opens with its articles searchable, its counts right and its bytes
    /// verifiable; what is stored afterwards is compressed and indexed after its commit.
    @Test func aStoreFromBeforeLaterIndexingIsMigrated() throws {
        let path = directory.path("v5.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v5: files of several items, versions and withdrawals")
            let raw = Array("Oil prices rise\n\nOil prices rose on Monday in early trading.".utf8)
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO articles (body_sha256, title, format, body, raw, raw_sha256, sample_count, file, received_at)
                        VALUES ('b1', 'Oil prices rise', 'text', 'Oil prices rose on Monday in early trading.', ?, ?, 0, 'old.txt', '2026-11-01T00:00:00.000Z');
                    INSERT INTO journal (recorded_at, file, size, content_sha256, outcome, article_id)
                        VALUES ('2026-11-01T00:00:00.000Z', 'old.txt', ?, ?, 'new', 1);
                    """, arguments: [Data(raw), SHA256Hex.of(raw), raw.count, SHA256Hex.of(raw)])
            }
        }
        let store = try SQLiteStore(path: path, access: .readWrite)
        #expect(try store.searchBacklog() == 0, "indexed by v5's trigger")
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT v FROM articles_fts_config WHERE k = 'automerge'") } == 0,
                "v9 leaves merging to the search rounds")
        #expect(try store.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_list(sketch)") }.isEmpty,
                "v10 takes the sample index's foreign key off without rebuilding it")
        #expect(try store.search(SearchQuery("oil"), limit: 5).map(\.article.id) == [1])
        #expect(try store.stats().articles == 1 && store.stats().journalEntries == 1)
        _ = try store.commit([try file("nitf-story.xml")], deduplicator: deduplicator)
        #expect(try store.searchBacklog() == 1)
        #expect(try store.pool.read { try String.fetchAll($0, sql: "SELECT coalesce(raw_encoding, 'as read') FROM articles ORDER BY id") } == ["as read", "zstd"])
        _ = try store.indexForSearch(limit: 10)
        #expect(try store.stats().articles == 2)
        #expect(try store.verify().passed)
    }
}
