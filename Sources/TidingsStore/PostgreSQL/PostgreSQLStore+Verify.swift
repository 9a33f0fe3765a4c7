import Foundation
import PostgresNIO
import TidingsCore

/// The SQLite store's checks of its own invariants, in PostgreSQL's SQL. The pages
/// themselves are the server's business (data checksums, `pg_amcheck`); the search column
/// is kept by the database and cannot lag.
extension PostgreSQLStore {
    package func verify() throws -> VerificationReport {
        var checks: [VerificationReport.Check] = []
        func check(_ name: String, _ problems: () throws -> [String]) {
            do { checks.append(.init(name: name, problems: try problems())) }
            catch { checks.append(.init(name: name, problems: ["could not run: \(StoreError(classifyingPostgreSQL: error, doing: "verifying"))"])) }
        }
        func listed(_ query: PostgresQuery, _ describe: (PostgresRandomAccessRow) throws -> String) throws -> [String] {
            let rows = try reader.rows(query)
            var problems = try rows.prefix(SQLiteStore.problemsListedPerCheck).map { try describe($0.makeRandomAccess()) }
            if rows.count > SQLiteStore.problemsListedPerCheck {
                problems.append("… and \(rows.count - SQLiteStore.problemsListedPerCheck) more")
            }
            return problems
        }
        check("schema is current") {
            let version = try reader.rows("SELECT schema_version FROM tidings_store")[0].decode(Int.self)
            return version == PostgreSQLSchema.currentVersion ? [] : ["schema version \(version), this Tidings writes \(PostgreSQLSchema.currentVersion)"]
        }
        check("journal counts agree with the journal") {
            try listed("""
                SELECT outcome, sum(n)::bigint AS counted, sum(kept_n)::bigint AS kept FROM (
                    SELECT outcome, count(*) AS n, 0 AS kept_n FROM journal GROUP BY outcome
                    UNION ALL SELECT outcome, 0, entries FROM journal_counts) counts
                GROUP BY outcome HAVING sum(n) <> sum(kept_n)
                """) { row in
                "the journal has \(try row["counted"].decode(Int.self)) '\(try row["outcome"].decode(String.self))' entries but journal_counts says \(try row["kept"].decode(Int.self))"
            }
        }
        check("every article has exactly one journal entry that stored it") {
            try listed("""
                SELECT a.id, count(j.seq) AS n FROM articles a
                LEFT JOIN journal j ON j.article_id = a.id AND j.outcome IN ('new', 'near-duplicate', 'update', 'older-version')
                GROUP BY a.id HAVING count(j.seq) <> 1
                """) { row in "article \(try row["id"].decode(Int64.self)) has \(try row["n"].decode(Int.self)) journal entries that stored it" }
        }
        check("journal outcomes agree with the articles") {
            try listed("""
                SELECT j.seq, j.outcome FROM journal j LEFT JOIN articles a ON a.id = j.article_id
                WHERE (j.outcome = 'new' AND a.canonical_id IS NOT NULL)
                   OR (j.outcome = 'near-duplicate' AND (a.canonical_id IS DISTINCT FROM j.duplicate_of OR a.similarity IS DISTINCT FROM j.similarity))
                   OR (j.outcome = 'new' AND (a.file IS DISTINCT FROM j.file OR a.raw_sha256 IS DISTINCT FROM j.content_sha256))
                   OR (j.outcome = 'update' AND (a.previous_version_id IS DISTINCT FROM j.duplicate_of OR a.guid IS DISTINCT FROM j.guid))
                   OR (j.outcome = 'older-version' AND a.guid IS DISTINCT FROM j.guid)
                """) { row in "journal entry \(try row["seq"].decode(Int64.self)) (\(try row["outcome"].decode(String.self))) disagrees with its article" }
        }
        check("variants point at canonical articles") {
            try listed("""
                SELECT v.id, v.canonical_id FROM articles v JOIN articles c ON c.id = v.canonical_id
                WHERE c.canonical_id IS NOT NULL OR v.canonical_id >= v.id
                """) { row in
                "article \(try row["id"].decode(Int64.self)) is a variant of \(try row["canonical_id"].decode(Int64.self)), which is not an older canonical article"
            }
        }
        check("every article's sample is in the candidate index") {
            try listed("""
                SELECT a.id, a.sample_count, count(s.sample) AS indexed FROM articles a LEFT JOIN sketch s ON s.article_id = a.id
                WHERE a.id NOT IN (SELECT article_id FROM removals)
                GROUP BY a.id HAVING count(s.sample) <> a.sample_count
                """) { row in
                "article \(try row["id"].decode(Int64.self)) has \(try row["indexed"].decode(Int.self)) of its \(try row["sample_count"].decode(Int.self)) samples in the candidate index"
            }
        }
        check("stored bytes match their SHA-256") {
            var problems: [String] = []
            try reader.forEachRow("""
                SELECT id, raw, raw_size, raw_encoding, raw_sha256 FROM articles WHERE id NOT IN (SELECT article_id FROM removals)
                """) { row in
                let (id, stored, size, encoding, sha256) = try row.decode((Int64, Data, Int?, String?, String).self)
                let raw = encoding == nil ? Array(stored) : RawBytesCompression.decompress(stored, size: size ?? -1)
                guard let raw, encoding == nil || encoding == RawBytesCompression.encoding else {
                    problems.append("article \(id): its stored bytes cannot be decompressed (\(encoding ?? "?"))")
                    return
                }
                if SHA256Hex.of(raw) != sha256 { problems.append("article \(id): its stored bytes do not match their SHA-256") }
            }
            return problems
        }
        check("removed articles hold no content and each has its tombstone") {
            try listed("""
                SELECT r.article_id AS id, 'still holds content' AS problem FROM removals r JOIN articles a ON a.id = r.article_id
                WHERE a.body <> '' OR length(a.raw) <> 0 OR a.title IS NOT NULL OR a.byline IS NOT NULL OR a.url IS NOT NULL
                UNION ALL
                SELECT r.article_id, 'has no removed entry in the journal' FROM removals r LEFT JOIN journal j ON j.seq = r.seq
                WHERE j.outcome IS DISTINCT FROM 'removed' OR j.article_id IS DISTINCT FROM r.article_id
                UNION ALL
                SELECT j.article_id, 'has a removed entry but no removal' FROM journal j LEFT JOIN removals r ON r.seq = j.seq
                WHERE j.outcome = 'removed' AND r.seq IS NULL
                """) { row in "article \(try row["id"].decode(Int64.self)) \(try row["problem"].decode(String.self))" }
        }
        check("journal sequence only grows") {
            try listed("""
                SELECT seq FROM (SELECT seq, recorded_at, lag(recorded_at) OVER (ORDER BY seq) AS before FROM journal) ordered
                WHERE before > recorded_at
                """) { row in "journal entry \(try row["seq"].decode(Int64.self)) was recorded before the entry ahead of it" }
        }
        return VerificationReport(checks: checks)
    }
}
