import Foundation
import GRDB
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsStore

/// Stores whose file was damaged underneath Tidings: by a failing disk, a bad copy, or
/// another program. A writer must refuse them before writing a byte; `verify` must say why.
@Suite struct DamagedStoreTests {
    let directory = TemporaryDirectory("tidings-damaged")

    /// A store holding the seeds, closed, so that every page is in the main file.
    func storeWithSeeds() throws -> String {
        let path = directory.path("store.sqlite")
        let store = try SQLiteStore(path: path, access: .readWrite)
        let items = try Fixtures.seeds.map { url in
            let bytes = Array(try Data(contentsOf: url))
            let article = try ArticleParser().parse(bytes)
            return IngestItem(file: url.lastPathComponent, size: bytes.count, contentSHA256: SHA256Hex.of(bytes),
                              content: .article(article, Fingerprint(body: article.body)))
        }
        _ = try store.commit(items, deduplicator: Deduplicator())
        try store.pool.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        try store.close()
        return path
    }

    /// Inverts the bytes at `offset` of the file at `path`.
    func flip(_ path: String, at offset: Int, count: Int = 1) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let bytes = try #require(try handle.read(upToCount: count))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(bytes.map { ~$0 }))
    }

    func pageSize(_ path: String) throws -> Int {
        let header = try #require(try FileHandle(forReadingAtPath: path)?.read(upToCount: 18))
        return Int(header[16]) << 8 | Int(header[17])
    }

    @Test func aDamagedBTreePageIsRefusedBeforeAnyWrite() throws {
        let path = try storeWithSeeds()
        // Page 4 is a b-tree page of the seeded store; its first byte says which kind.
        try flip(path, at: 3 * pageSize(path))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path, access: .readWrite) }
        #expect(error?.code == .corrupt)
        #expect(error?.isDamagedStore == true)
        #expect(error?.message.contains("tidings verify") == true)
        #expect(error?.message.contains("Page 4") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the writer changed a damaged store")
    }

    @Test func verifyListsTheDamage() throws {
        let path = try storeWithSeeds()
        try flip(path, at: 3 * pageSize(path))
        let report = try SQLiteStore(path: path, access: .readOnly).verify()
        #expect(!report.passed)
        let integrity = try #require(report.checks.first { $0.name == "SQLite integrity" })
        #expect(integrity.problems.contains { $0.contains("Page 4") })
    }

    @Test func aDamagedHeaderIsReportedAsNotADatabase() throws {
        let path = try storeWithSeeds()
        try flip(path, at: 0, count: 16)  // "SQLite format 3\0"
        for access in [SQLiteStore.Access.readWrite, .readOnly] {
            let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path, access: access) }
            #expect(error?.isDamagedStore == true)
            #expect(error?.message.contains("not an SQLite database, or its header is damaged") == true)
        }
    }

    @Test func damagedArticleBytesAreFoundByVerify() throws {
        let path = try storeWithSeeds()
        let store = try SQLiteStore(path: path, access: .readWrite)
        // Bytes changed inside a record leave every page well-formed; only the content
        // hashes can tell. (Done through SQL: the immutability trigger is dropped first,
        // as a program writing the file directly would not meet it.)
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER articles_no_update")
            // Article 2 as a store before v6 kept it (uncompressed), with other bytes;
            // article 3's compressed bytes damaged.
            try db.execute(sql: "UPDATE articles SET raw = CAST('other bytes' AS BLOB), raw_encoding = NULL, raw_size = NULL WHERE id = 2")
            try db.execute(sql: "UPDATE articles SET raw = CAST(upper(CAST(raw AS TEXT)) AS BLOB) WHERE id = 3")
        }
        let report = try store.verify()
        let hashes = try #require(report.checks.first { $0.name == "stored bytes match their SHA-256" })
        #expect(hashes.problems == [
            "article 2: its stored bytes do not match their SHA-256",
            "article 3: its stored bytes cannot be decompressed (zstd)",
        ])
    }

    /// No foreign key guards the candidate index since v10; `verify` finds what one would have.
    @Test func samplesOfAMissingArticleAreFoundByVerify() throws {
        let path = try storeWithSeeds()
        let store = try SQLiteStore(path: path, access: .readWrite)
        #expect(try store.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_list(sketch)") }.isEmpty)
        #expect(try store.verify().passed)
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO sketch (sample, article_id) VALUES (8, 99), (16, 99)")
        }
        let report = try store.verify()
        let samples = try #require(report.checks.first { $0.name == "every sample of the candidate index belongs to an article" })
        #expect(samples.problems == ["2 samples of the candidate index point at article 99, which does not exist"])
    }
}
