import Foundation
import GRDB
import TidingsCore

extension SQLiteStore {
    /// At most this many problems are listed per check; the count says how many there were.
    static let problemsListedPerCheck = 20

    /// Runs every check and reports each one's problems. On a damaged store SQLite may fail
    /// a check, or the read transaction itself; those failures are reported as problems
    /// rather than thrown, so the operator sees everything that is wrong at once.
    package func verify() throws -> VerificationReport {
        var checks: [VerificationReport.Check] = []
        do {
            try readChecks(into: &checks)
        } catch {
            guard !checks.isEmpty else { throw StoreError(classifying: error, doing: "verifying", path: path) }
            checks.append(.init(name: "SQLite read transaction", problems: ["failed to end: \(Self.reason(error))"]))
        }
        return VerificationReport(checks: checks)
    }

    /// What SQLite's `integrity_check` or `quick_check` found, a line per problem.
    ///
    /// On badly damaged pages the pragma lists what it found and then fails with
    /// SQLITE_CORRUPT; the problems listed so far are kept and the failure added to them.
    static func integrityProblems(_ db: Database, pragma: String, limit: Int = 100) throws -> [String] {
        var rows: [String] = []
        do {
            let cursor = try String.fetchCursor(db, sql: "PRAGMA \(pragma)(\(limit))")
            while let row = try cursor.next() { rows.append(row) }
        } catch {
            if rows.isEmpty { throw error }
            rows.append("and then: \(reason(error))")
        }
        return rows.filter { $0 != "ok" }
            .flatMap { $0.split(separator: "\n").map(String.init) }
            .filter { !$0.hasPrefix("*** in database") }
    }

    /// SQLite's own words for a failure, without the statement that met it.
    private static func reason(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }

    private func readChecks(into checks: inout [VerificationReport.Check]) throws {
        try pool.read { db in
            func check(_ name: String, _ problems: () throws -> [String]) {
                do { checks.append(.init(name: name, problems: try problems())) }
                catch { checks.append(.init(name: name, problems: ["could not run: \(Self.reason(error))"])) }
            }
            func listed(_ sql: String, _ describe: (Row) -> String) throws -> [String] {
                let rows = try Row.fetchAll(db, sql: sql)
                var problems = rows.prefix(Self.problemsListedPerCheck).map(describe)
                if rows.count > Self.problemsListedPerCheck {
                    problems.append("… and \(rows.count - Self.problemsListedPerCheck) more")
                }
                return problems
            }

            check("SQLite integrity") { try Self.integrityProblems(db, pragma: "integrity_check") }
            check("foreign keys") {
                try listed("PRAGMA foreign_key_check") { row in "row \(row["rowid"] ?? "?") of \(row["table"] ?? "?") points at a missing \(row["parent"] ?? "?") row" }
            }
            // No foreign key guards these rows since v10 (it cost the writer ~30 µs an article).
            check("every sample of the candidate index belongs to an article") {
                try listed("""
                    SELECT s.article_id, count(*) AS n FROM sketch s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)
                    GROUP BY s.article_id
                    """) { row in "\(row["n"] as Int) samples of the candidate index point at article \(row["article_id"] as Int64), which does not exist" }
            }
            // FTS5's own 'integrity-check' is an INSERT and needs a writable connection;
            // verify only reads, so it compares the index's per-document table instead.
            // Articles after `indexed_through` are committed but not indexed yet: not a fault.
            check("full-text index covers exactly the articles indexed so far") {
                let through = try Self.indexedThrough(db)
                return try listed("""
                    SELECT a.id, 'missing from' AS state FROM articles a LEFT JOIN articles_fts_docsize d ON d.id = a.id
                    WHERE d.id IS NULL AND a.id <= \(through) AND a.id NOT IN (SELECT article_id FROM removals)
                    UNION ALL
                    SELECT d.id, 'left over in' FROM articles_fts_docsize d LEFT JOIN articles a ON a.id = d.id
                    WHERE a.id IS NULL OR d.id > \(through) OR d.id IN (SELECT article_id FROM removals WHERE article_id <= \(through))
                    """) { row in "article \(row["id"] as Int64) is \(row["state"] as String) the full-text index; rebuild it with INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')" }
            }
            check("journal counts agree with the journal") {
                try listed("""
                    SELECT outcome, sum(n) AS counted, sum(kept_n) AS kept FROM (
                        SELECT outcome, count(*) AS n, 0 AS kept_n FROM journal GROUP BY outcome
                        UNION ALL SELECT outcome, 0, entries FROM journal_counts)
                    GROUP BY outcome HAVING sum(n) != sum(kept_n)
                    """) { row in "the journal has \(row["counted"] as Int) '\(row["outcome"] as String)' entries but journal_counts says \(row["kept"] as Int)" }
            }
            check("every article has exactly one journal entry that stored it") {
                try listed("""
                    SELECT a.id, count(j.seq) AS n FROM articles a
                    LEFT JOIN journal j ON j.article_id = a.id AND j.outcome IN ('new', 'near-duplicate', 'update', 'older-version')
                    GROUP BY a.id HAVING n != 1
                    """) { row in "article \(row["id"] as Int64) has \(row["n"] as Int) journal entries that stored it" }
            }
            check("journal outcomes agree with the articles") {
                try listed("""
                    SELECT j.seq, j.outcome FROM journal j LEFT JOIN articles a ON a.id = j.article_id
                    WHERE (j.outcome = 'new' AND a.canonical_id IS NOT NULL)
                       OR (j.outcome = 'near-duplicate' AND (a.canonical_id IS NOT j.duplicate_of OR a.similarity IS NOT j.similarity))
                       OR (j.outcome = 'new' AND (a.file IS NOT j.file OR a.raw_sha256 IS NOT j.content_sha256))
                       OR (j.outcome = 'update' AND (a.previous_version_id IS NOT j.duplicate_of OR a.guid IS NOT j.guid))
                       OR (j.outcome = 'older-version' AND a.guid IS NOT j.guid)
                    """) { row in "journal entry \(row["seq"] as Int64) (\(row["outcome"] as String)) disagrees with its article" }
            }
            check("variants point at canonical articles") {
                try listed("""
                    SELECT v.id, v.canonical_id FROM articles v JOIN articles c ON c.id = v.canonical_id
                    WHERE c.canonical_id IS NOT NULL OR v.canonical_id >= v.id
                    """) { row in "article \(row["id"] as Int64) is a variant of \(row["canonical_id"] as Int64), which is not an older canonical article" }
            }
            check("stored bytes match their SHA-256") {
                var problems: [String] = []
                // A removed article's bytes are gone; its SHA-256 stays, for the journal.
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT id, raw, raw_size, raw_encoding, raw_sha256 FROM articles WHERE id NOT IN (SELECT article_id FROM removals)
                    """)
                while let row = try rows.next() {
                    let stored: Data = row["raw"]
                    let encoding: String? = row["raw_encoding"]
                    let raw = encoding == nil ? Array(stored) : RawBytesCompression.decompress(stored, size: row["raw_size"] ?? -1)
                    guard let raw, encoding == nil || encoding == RawBytesCompression.encoding else {
                        problems.append("article \(row["id"] as Int64): its stored bytes cannot be decompressed (\(encoding ?? "?"))")
                        continue
                    }
                    if SHA256Hex.of(raw) != row["raw_sha256"] as String {
                        problems.append("article \(row["id"] as Int64): its stored bytes do not match their SHA-256")
                    }
                }
                return problems
            }
            check("removed articles hold no content and each has its tombstone") {
                try listed("""
                    SELECT r.article_id AS id, 'still holds content' AS problem FROM removals r JOIN articles a ON a.id = r.article_id
                    WHERE a.body <> '' OR length(a.raw) <> 0 OR a.title IS NOT NULL OR a.byline IS NOT NULL OR a.url IS NOT NULL
                    UNION ALL
                    SELECT r.article_id, 'has no removed entry in the journal' FROM removals r LEFT JOIN journal j ON j.seq = r.seq
                    WHERE j.outcome IS NOT 'removed' OR j.article_id IS NOT r.article_id
                    UNION ALL
                    SELECT j.article_id, 'has a removed entry but no removal' FROM journal j LEFT JOIN removals r ON r.seq = j.seq
                    WHERE j.outcome = 'removed' AND r.seq IS NULL
                    """) { row in "article \(row["id"] as Int64) \(row["problem"] as String)" }
            }
            check("journal sequence only grows") {
                try listed("""
                    SELECT j.seq FROM journal j JOIN journal k ON k.seq = (SELECT max(seq) FROM journal WHERE seq < j.seq)
                    WHERE k.recorded_at > j.recorded_at
                    """) { row in "journal entry \(row["seq"] as Int64) was recorded before the entry ahead of it" }
            }
        }
    }
}
