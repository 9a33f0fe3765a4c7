import Foundation
import PostgresNIO
import TidingsCore

/// The deduplicator's view of the store from inside a commit's transaction, after the
/// commit lock: it sees every batch any daemon committed before, and this batch's rows.
struct PostgreSQLCandidateSource: CandidateSource {
    let transaction: PostgreSQLConnection.Transaction
    /// The daemon committing (``PostgreSQLStore/instance``).
    let instance: String?

    func article(withBodySHA256 hash: String) throws -> Int64? {
        try transaction.rows("SELECT id FROM articles WHERE body_sha256 = \(hash)").first?.decode(Int64.self)
    }

    /// Every sample's postings in one round trip (a round trip costs more than the seeks).
    func sharedSampleCounts(_ samples: [UInt64], perSampleLimit: Int) throws -> [Int64: Int] {
        guard !samples.isEmpty else { return [:] }
        let keys = samples.map { Int64(bitPattern: $0) }
        let rows = try transaction.rows("""
            SELECT s.article_id, count(*) FROM unnest(\(keys)::bigint[]) AS wanted(sample)
            CROSS JOIN LATERAL (SELECT article_id FROM sketch WHERE sketch.sample = wanted.sample LIMIT \(perSampleLimit)) s
            GROUP BY s.article_id
            """)
        var shared: [Int64: Int] = [:]
        for row in rows {
            let (id, count) = try row.decode((Int64, Int).self)
            shared[id] = count
        }
        return shared
    }

    func indexedSample(ofArticle id: Int64) throws -> (count: Int, modulus: UInt64) {
        guard let row = try transaction.rows("SELECT sample_count, sample_modulus FROM articles WHERE id = \(id)").first else {
            return (0, ShingleSet.finestModulus)
        }
        let (count, modulus) = try row.decode((Int, Int64).self)
        return (count, UInt64(modulus))
    }

    /// A removed article's text is gone; its shingles were kept for this.
    func storedShingles(ofArticle id: Int64) throws -> (canonicalID: Int64, shingles: ShingleSet) {
        guard let row = try transaction.rows("""
            SELECT coalesce(a.canonical_id, a.id), a.body, r.shingles FROM articles a
            LEFT JOIN removals r ON r.article_id = a.id WHERE a.id = \(id)
            """).first else { return (id, ShingleSet(words: [])) }
        let (canonical, body, kept) = try row.decode((Int64, String, Data?).self)
        if let kept { return (canonical, SQLiteStore.shingles(fromBlob: kept)) }
        return (canonical, ShingleSet(body: body))
    }

    func isRemoved(_ id: Int64) throws -> Bool {
        try transaction.rows("SELECT EXISTS (SELECT 1 FROM removals WHERE article_id = \(id))")[0].decode(Bool.self)
    }
}
