import Foundation
import GRDB
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsStore

/// The SQLite store, on real files in a temporary directory.
@Suite struct SQLiteStoreTests {
    let directory = TemporaryDirectory("tidings-store")
    let deduplicator = Deduplicator()

    func openStore(_ access: SQLiteStore.Access = .readWrite) throws -> SQLiteStore {
        try SQLiteStore(path: directory.path("store.sqlite"), access: access)
    }

    func item(_ name: String, _ text: String) throws -> IngestItem {
        let bytes = Array(text.utf8)
        let article = try ArticleParser().parse(bytes)
        return IngestItem(
            file: name, size: bytes.count, contentSHA256: SHA256Hex.of(bytes),
            content: .article(article, Fingerprint(body: article.body)))
    }

    func seedItems() throws -> [IngestItem] {
        try Fixtures.seeds.map { try item($0.lastPathComponent, String(decoding: try Data(contentsOf: $0), as: UTF8.self)) }
    }

    @Test func writerRunsWithSynchronousFull() throws {
        #expect(try openStore().writerSynchronousSetting() == 2)
    }

    /// Commits never checkpoint themselves (that stalled the daemon's batches); the store's
    /// own checkpointer keeps the log from growing without bound.
    @Test func theLogIsCheckpointedBesideTheWriter() throws {
        let store = try openStore()
        #expect(try store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 0)
        // Distinct texts (no near-duplicates to verify), ~12 KB each.
        func text(_ seed: Int) -> String { (0..<1500).map { "w\(($0 * 7919 + seed * 104_729) % 1_000_003)" }.joined(separator: " ") }
        func size(_ name: String) throws -> Int64 {
            (try FileManager.default.attributesOfItem(atPath: directory.path(name))[.size] as? NSNumber)?.int64Value ?? 0
        }
        // Commits back to back, as a busy ingest makes them: the writer never waits for a
        // checkpoint until the log passes the rewind size.
        var largest: Int64 = 0
        for batch in 0..<80 {
            let items = try (0..<16).map { try item("f\(batch)-\($0)", "Title \(batch) \($0)\n\nGENEVA (BW) - " + text(batch * 16 + $0)) }
            _ = try store.commit(items, deduplicator: deduplicator)
            largest = max(largest, try size("store.sqlite-wal"))
        }
        store.checkpointer?.drain()
        #expect(try size("store.sqlite") > WALCheckpointer.rewindBytes, "the test must write more than the log may hold")
        #expect(largest < WALCheckpointer.rewindBytes + 2 << 20, "the log grew to \(largest) bytes")
    }

    @Test func storeIsInWALMode() throws {
        let store = try openStore()
        #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func seedsAreNewThenDuplicates() throws {
        let store = try openStore()
        let first = try store.commit(try seedItems(), deduplicator: deduplicator)
        #expect(first.map(\.kind) == Array(repeating: .new, count: 5))
        #expect(first.map(\.articleID) == [1, 2, 3, 4, 5])
        let second = try store.commit(try seedItems(), deduplicator: deduplicator)
        #expect(second.map(\.kind) == Array(repeating: .duplicate, count: 5))
        #expect(second.map(\.duplicateOf) == [1, 2, 3, 4, 5])
        #expect(second.map(\.sequence) == [6, 7, 8, 9, 10])
    }

    @Test func aBatchSeesItsOwnEarlierItems() throws {
        let store = try openStore()
        let seed = Fixtures.seedText("001")
        let outcomes = try store.commit(
            [try item("a", seed), try item("b", seed), try item("c", CopyVariants.truncated(seed))], deduplicator: deduplicator)
        #expect(outcomes.map(\.kind) == [.new, .duplicate, .nearDuplicate])
        #expect(outcomes[2].duplicateOf == 1)
        #expect(outcomes[2].articleID == 2)
    }

    @Test func nearDuplicateIsStoredAsAVariantWithItsOwnMetadata() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        let wrapped = CopyVariants.wrapped(Fixtures.seedText("001"))
        let outcome = try #require(try store.commit([try item("copy.txt", wrapped)], deduplicator: deduplicator).first)
        #expect(outcome.kind == .nearDuplicate)
        let variantID = try #require(outcome.articleID)
        let variant = try #require(try store.article(id: variantID))
        #expect(variant.canonicalID == 2)
        #expect(variant.file == "copy.txt")
        #expect(try store.variants(of: 2).map(\.id) == [variant.id])
    }

    @Test func aWebPageKeepsHowItsBodyWasFound() throws {
        let store = try openStore()
        let page = "<html><head><title>Bridge to close</title></head><body><article>"
            + String(repeating: "<p>The harbour authority said on Monday that the old swing bridge would close for repairs, and that traffic would be sent round the ring road.</p>", count: 6)
            + "</article></body></html>"
        let outcome = try #require(try store.commit([try item("bridge.html", page), try item("001.txt", Fixtures.seedText("001"))], deduplicator: deduplicator).first)
        let id = try #require(outcome.articleID)
        let article = try #require(try store.article(id: id))
        #expect(article.format == .html)
        #expect(article.extraction == "content-scoring")
        #expect(try store.article(id: 2)?.extraction == nil)
    }

    @Test func rejectionsAreJournaledWithTheirReason() throws {
        let store = try openStore()
        let rejected = IngestItem(file: "bad.bin", size: 20, contentSHA256: "00", content: .rejected(Rejection(.notText, "not text (NUL byte at offset 17)")))
        let outcome = try #require(try store.commit([rejected], deduplicator: deduplicator).first)
        #expect(outcome.kind == .rejected)
        #expect(outcome.reason == "not text (NUL byte at offset 17)")
        #expect(try store.stats() == StoreStats(articles: 0, nearDuplicates: 0, duplicates: 0, rejected: 1, journalEntries: 1))
    }

    @Test func aFailingItemRollsBackTheWholeBatch() throws {
        let store = try openStore()
        _ = try store.commit([try item("first", Fixtures.seedText("000"))], deduplicator: deduplicator)
        // A fault injected into the journal insert of the third item fails the transaction:
        // the items before it in the batch must not be recorded either.
        try store.pool.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER fault BEFORE INSERT ON journal WHEN NEW.file = 'bad' BEGIN SELECT RAISE(ABORT, 'injected fault'); END")
        }
        let error = #expect(throws: StoreError.self) {
            _ = try store.commit(
                [try item("good", Fixtures.seedText("001")), try item("also good", Fixtures.seedText("003")), try item("bad", Fixtures.seedText("002"))],
                deduplicator: deduplicator)
        }
        #expect(error?.code == .database)
        #expect(error?.description.contains("injected fault") == true)
        #expect(try store.stats().journalEntries == 1)
        #expect(try store.list(limit: 10, includeVariants: true).map(\.file) == ["first"])
    }

    @Test func articlesAndJournalAreImmutable() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        for sql in ["UPDATE articles SET title = 'x'", "DELETE FROM articles", "UPDATE journal SET file = 'x'", "DELETE FROM journal"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try store.pool.write { try $0.execute(sql: sql) } }
        }
    }

    @Test func articlesAreSearchableOnceIndexedAfterTheirCommit() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        #expect(try store.searchBacklog() == 5)
        #expect(try store.search(SearchQuery("Torkabadi"), limit: 10).isEmpty)
        #expect(try store.verify().passed, "not indexed yet is not a fault")
        #expect(try store.indexForSearch(limit: 3) == SearchIndexProgress(indexed: 3, behind: 2))
        #expect(try store.search(SearchQuery("Torkabadi"), limit: 10).isEmpty, "article 5 is not indexed yet")
        #expect(try store.indexForSearch(limit: 3) == SearchIndexProgress(indexed: 2, behind: 0))
        #expect(try store.search(SearchQuery("Torkabadi"), limit: 10).map(\.article.id) == [5])
        #expect(try store.indexForSearch(limit: 3) == SearchIndexProgress(indexed: 0, behind: 0))
        #expect(try store.searchBacklog() == 0)
        #expect(try store.verify().passed)
    }

    /// The daemon indexes a few articles a round. FTS5's own merging is off, so the store
    /// must merge the segments those rounds leave itself: searches would otherwise read a
    /// segment for every round until FTS5's emergency merge at 16 a level.
    @Test func smallSearchRoundsStillLeaveFewSegments() throws {
        let store = try openStore()
        func text(_ seed: Int) -> String { (0..<120).map { "w\(($0 * 7919 + seed * 104_729) % 1_000_003)" }.joined(separator: " ") }
        let rounds = 240
        _ = try store.commit(try (0..<rounds).map { try item("f\($0)", "Story \($0)\n\n\(text($0))\n") }, deduplicator: deduplicator)
        for _ in 0..<rounds { _ = try store.indexForSearch(limit: 1) }
        let segments = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT segid) FROM articles_fts_idx") }
        // FTS5's automerge leaves 6 segments after these rounds, and no merging at all 15.
        #expect(try #require(segments) <= 8, "\(segments ?? 0) segments")
        #expect(try store.search(SearchQuery(text(0).split(separator: " ")[5].description), limit: 10).map(\.article.id) == [1])
        #expect(try store.search(SearchQuery(text(rounds - 1).split(separator: " ")[5].description), limit: 10).map(\.article.id) == [Int64(rounds)])
        #expect(try store.verify().passed)
    }

    /// A takedown may come before the search index has caught up: the erased article is
    /// then never indexed, and the index still holds exactly the articles it should.
    @Test func anArticleRemovedBeforeItIsIndexedIsNeverIndexed() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        _ = try store.indexForSearch(limit: 2)
        let early = try store.remove(articleID: 1, reason: "indexed, then removed", actor: "test")
        let late = try store.remove(articleID: 5, reason: "removed before indexing", actor: "test")
        #expect(late.sequence == early.sequence + 1)
        #expect(try store.indexForSearch(limit: 100) == SearchIndexProgress(indexed: 2, behind: 0))
        #expect(try store.search(SearchQuery("Torkabadi"), limit: 10).isEmpty)
        #expect(try store.article(id: 5)?.isRemoved == true)
        #expect(try store.article(id: 5)?.body == "")
        #expect(try store.removal(of: 5)?.reason == "removed before indexing")
        #expect(try store.stats().removed == 2)
        let report = try store.verify()
        #expect(report.passed, "\(report.checks.filter { !$0.problems.isEmpty })")
        #expect(throws: StoreError.self) { try store.remove(articleID: 5, reason: "again", actor: "test") }
        #expect(throws: StoreError.self) { try store.remove(articleID: 99, reason: "none", actor: "test") }
    }

    @Test func searchRanksAndMarksMatches() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        _ = try store.indexForSearch(limit: 100)
        let hits = try store.search(SearchQuery("Torkabadi ambassador"), limit: 10)
        #expect(hits.map(\.article.id) == [5])
        #expect(hits[0].snippet.contains("[Torkabadi]") || hits[0].snippet.contains("[ambassador]"))
        #expect(try store.search(SearchQuery("Khamis"), limit: 10).count == 4)
        // Without --fts, operators and stray quotes are plain words, never a syntax error.
        #expect(try store.search(SearchQuery("Torkabadi AND ( \"unbalanced"), limit: 10).isEmpty)
        #expect(try store.search(SearchQuery("\"Syrian Prime\" OR Torkabadi", usesFTS5Syntax: true), limit: 10).count == 4)
        #expect(throws: StoreError.self) { try store.search(SearchQuery("AND (", usesFTS5Syntax: true), limit: 10) }
    }

    @Test func exportFollowsTheJournalFromASequenceNumber() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        var seen: [(Int64, IngestOutcome.Kind, Int64?)] = []
        try store.forEachJournalEntry(after: 4) { entry, article in seen.append((entry.sequence, entry.outcome, article?.id)) }
        #expect(seen.map(\.0) == [5, 6, 7, 8, 9, 10])
        #expect(seen[0].1 == .new && seen[0].2 == 5)
        #expect(seen[1].1 == .duplicate && seen[1].2 == nil)
    }

    @Test func verifyPassesOnAHealthyStore() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        _ = try store.commit([try item("t", CopyVariants.truncated(Fixtures.seedText("004")))], deduplicator: deduplicator)
        let report = try store.verify()
        #expect(report.passed, "\(report.checks.filter { !$0.passed })")
    }

    @Test func verifyFindsTamperedRows() throws {
        let store = try openStore()
        _ = try store.commit(try seedItems(), deduplicator: deduplicator)
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER articles_no_update; DROP TRIGGER journal_no_delete")
            try db.execute(sql: "UPDATE articles SET raw = x'00' WHERE id = 2")
            try db.execute(sql: "DELETE FROM journal WHERE article_id = 3")
        }
        let failed = Set(try store.verify().checks.filter { !$0.passed }.map(\.name))
        #expect(failed.contains("stored bytes match their SHA-256"))
        #expect(failed.contains("every article has exactly one journal entry that stored it"))
    }

    @Test func readOnlyOpenOfAMissingStoreSaysWhatToDo() {
        let error = #expect(throws: StoreError.self) { try openStore(.readOnly) }
        #expect(error?.code == .missing)
        #expect(error?.message.contains("tidings ingest") == true)
    }

    @Test func storeInAMissingDirectoryIsRefused() {
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: directory.path("nope/store.sqlite"), access: .readWrite) }
        #expect(error?.code == .cannotOpen)
    }

    @Test func foreignDatabaseIsRefusedBeforeAnyWrite() throws {
        let path = directory.path("other.sqlite")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE customers (id INTEGER)") }
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path, access: .readWrite) }
        #expect(error?.code == .foreign)
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA application_id") } == 0)
    }

    @Test func notADatabaseIsRefused() throws {
        let path = try directory.write("text.sqlite", String(repeating: "not a database\n", count: 100))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path, access: .readWrite) }
        #expect(error?.isDamagedStore == true)
    }

    /// A reader in another connection sees consistent, committed state while a writer works.
    @Test func readingWhileWriting() async throws {
        let writer = try openStore()
        let reader = try openStore(.readOnly)
        let base = Fixtures.seedText("004")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for round in 0..<40 {
                    let items = try (0..<10).map { i in
                        try item("f\(round)-\(i)", "Unique report number \(round) \(i) follows.\n\n" + String(repeating: "word\(round)x\(i) ", count: 50) + base)
                    }
                    _ = try writer.commit(items, deduplicator: deduplicator)
                }
            }
            group.addTask {
                var last = 0
                for _ in 0..<200 {
                    let stats = try reader.stats()
                    #expect(stats.journalEntries % 10 == 0, "a reader saw half a batch")
                    #expect(stats.journalEntries >= last)
                    last = stats.journalEntries
                    _ = try reader.list(limit: 5, includeVariants: true)
                }
            }
            try await group.waitForAll()
        }
        #expect(try reader.stats().journalEntries == 400)
    }
}

