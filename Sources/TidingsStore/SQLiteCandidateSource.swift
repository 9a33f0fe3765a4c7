import GRDB
import TidingsCore

/// The deduplicator's view of the store from inside the write transaction.
struct SQLiteCandidateSource: CandidateSource {
    let db: Database

    func article(withBodySHA256 hash: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM articles WHERE body_sha256 = ?"), arguments: [hash])
    }

    func sharedSampleCounts(_ samples: [UInt64], perSampleLimit: Int) throws -> [Int64: Int] {
        let statement = try db.cachedStatement(sql: "SELECT article_id FROM sketch WHERE sample = ? LIMIT ?")
        var shared: [Int64: Int] = [:]
        for sample in samples {
            let ids = try Int64.fetchCursor(statement, arguments: [Int64(bitPattern: sample), perSampleLimit])
            while let id = try ids.next() { shared[id, default: 0] += 1 }
        }
        return shared
    }

    func indexedSample(ofArticle id: Int64) throws -> (count: Int, modulus: UInt64) {
        let statement = try db.cachedStatement(sql: "SELECT sample_count, sample_modulus FROM articles WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return (0, ShingleSet.finestModulus) }
        return (row[0], UInt64(row[1] as Int64))
    }

    func storedShingles(ofArticle id: Int64) throws -> (canonicalID: Int64, shingles: ShingleSet) {
        let statement = try db.cachedStatement(sql: "SELECT coalesce(canonical_id, id) AS canonical, body FROM articles WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return (id, ShingleSet(words: [])) }
        return (row["canonical"], ShingleSet(body: row["body"]))
    }
}
