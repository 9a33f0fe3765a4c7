import Foundation
import GRDB
import GRDBSQLite
import TidingsCore

/// The deduplicator's view of the store from inside the write transaction.
struct SQLiteCandidateSource: CandidateSource {
    let db: Database

    func article(withBodySHA256 hash: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM articles WHERE body_sha256 = ?"), arguments: [hash])
    }

    /// One seek per sample, ~100 per text: this is the writer's hottest loop, so it steps
    /// the prepared statement through SQLite's C API rather than through a GRDB cursor
    /// (whose arguments and cursor per call cost more than the seek).
    func sharedSampleCounts(_ samples: [UInt64], perSampleLimit: Int) throws -> [Int64: Int] {
        let statement = try db.cachedStatement(sql: "SELECT article_id FROM sketch WHERE sample = ?1 LIMIT ?2")
        let handle = statement.sqliteStatement
        var shared: [Int64: Int] = [:]
        for sample in samples {
            sqlite3_reset(handle)
            sqlite3_bind_int64(handle, 1, Int64(bitPattern: sample))
            sqlite3_bind_int64(handle, 2, Int64(perSampleLimit))
            var code = sqlite3_step(handle)
            while code == SQLITE_ROW {
                shared[sqlite3_column_int64(handle, 0), default: 0] += 1
                code = sqlite3_step(handle)
            }
            if code != SQLITE_DONE {
                throw db.failure(of: handle, code: code)
            }
        }
        sqlite3_reset(handle)
        return shared
    }

    func indexedSample(ofArticle id: Int64) throws -> (count: Int, modulus: UInt64) {
        let statement = try db.cachedStatement(sql: "SELECT sample_count, sample_modulus FROM articles WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return (0, ShingleSet.finestModulus) }
        return (row[0], UInt64(row[1] as Int64))
    }

    /// A removed article's text is gone; its shingles were kept for this (see
    /// SQLiteStore+Removal).
    func storedShingles(ofArticle id: Int64) throws -> (canonicalID: Int64, shingles: ShingleSet) {
        let statement = try db.cachedStatement(sql: """
            SELECT coalesce(a.canonical_id, a.id) AS canonical, a.body, r.shingles FROM articles a
            LEFT JOIN removals r ON r.article_id = a.id WHERE a.id = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return (id, ShingleSet(words: [])) }
        if let kept: Data = row["shingles"] { return (row["canonical"], SQLiteStore.shingles(fromBlob: kept)) }
        return (row["canonical"], ShingleSet(body: row["body"]))
    }

    /// Whether a takedown removed article `id`.
    func isRemoved(_ id: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM removals WHERE article_id = ?)"), arguments: [id]) ?? false
    }
}
