import Foundation
import GRDB
import TidingsCore

extension SQLiteStore {
    /// The article columns every read selects, in the order ``StoredArticle/init(row:)`` reads.
    static let articleColumns = """
        a.id, a.canonical_id, a.similarity, a.title, a.source, a.dateline, a.byline, a.published, a.language,
        a.url, a.format, a.extraction, a.body, a.raw_sha256, a.body_sha256, a.received_at, a.file, coalesce(a.raw_size, length(a.raw)) AS size,
        a.guid, a.version, a.previous_version_id, a.inbox, a.tag,
        (SELECT r.seq FROM removals r WHERE r.article_id = a.id) AS removal_seq
        """

    /// What `deduplicator` would decide for a body against the store as it is now, recording
    /// nothing: the index lookup and verification a commit makes, on a read connection.
    package func classify(_ fingerprint: Fingerprint, deduplicator: Deduplicator) throws -> Verdict {
        try pool.read { db in try deduplicator.classify(fingerprint, in: SQLiteCandidateSource(db: db)) }
    }

    package func article(id: Int64) throws -> StoredArticle? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.articleColumns) FROM articles a WHERE a.id = ?", arguments: [id])
                .map(StoredArticle.init(row:))
        }
    }

    package func variants(of id: Int64) throws -> [StoredArticle] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.articleColumns) FROM articles a WHERE a.canonical_id = ? ORDER BY a.id", arguments: [id])
                .map(StoredArticle.init(row:))
        }
    }

    package func duplicates(of id: Int64) throws -> [JournalEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(JournalEntry.selectedColumns) FROM journal j WHERE j.duplicate_of = ? AND j.outcome = 'duplicate' ORDER BY j.seq", arguments: [id])
                .map(JournalEntry.init(row:))
        }
    }

    /// Every stored version of the item `guid`, oldest version first.
    package func versions(ofGUID guid: String) throws -> [StoredArticle] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.articleColumns) FROM articles a WHERE a.guid = ? ORDER BY coalesce(a.version, -1), a.id
                """, arguments: [guid]).map(StoredArticle.init(row:))
        }
    }

    /// The withdrawals (a kill, a withhold) journaled for the item `guid`, oldest first.
    package func withdrawals(ofGUID guid: String) throws -> [JournalEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(JournalEntry.selectedColumns) FROM journal j WHERE j.guid = ? AND j.outcome = 'withdrawn' ORDER BY j.seq", arguments: [guid])
                .map(JournalEntry.init(row:))
        }
    }

    package func list(limit: Int, includeVariants: Bool, inbox: String? = nil) throws -> [StoredArticle] {
        try pool.read { db in
            let conditions: [String] = (includeVariants ? [] : ["a.canonical_id IS NULL"]) + (inbox == nil ? [] : ["a.inbox = ?"])
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let arguments: StatementArguments = inbox.map { [$0, limit] } ?? [limit]
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.articleColumns) FROM articles a \(filter) ORDER BY a.id DESC LIMIT ?", arguments: arguments
            ).map(StoredArticle.init(row:))
        }
    }

    package func search(_ query: SearchQuery, limit: Int) throws -> [SearchHit] {
        let expression = query.ftsExpression
        guard !expression.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT \(Self.articleColumns), -bm25(articles_fts) AS score,
                           snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet
                    FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                    WHERE articles_fts MATCH ?
                    ORDER BY bm25(articles_fts) LIMIT ?
                    """, arguments: [expression, limit]
                ).map { row in SearchHit(article: StoredArticle(row: row), score: row["score"], snippet: row["snippet"]) }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
            throw StoreError(.invalidQuery, "invalid search query \(query.text.debugDescription): \(error.message ?? "FTS5 syntax error")")
        }
    }

    /// Read from the journal's counts by outcome, kept by a trigger as entries are appended
    /// (migration v6): every article row is written with exactly one `new`, `update` or
    /// `older-version` (canonical) or `near-duplicate` (variant) entry, in the same
    /// transaction, and neither is ever changed. Counting the articles table read every page
    /// of it, and grouping the journal read all of that (~160 MB for a million files),
    /// which kept the daemon from READY for seconds with a cold page cache.
    package func stats() throws -> StoreStats {
        try pool.read { db in
            var byOutcome: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, entries FROM journal_counts") {
                byOutcome[row["outcome"]] = row["entries"]
            }
            return StoreStats(journalCounts: byOutcome)
        }
    }

    package func forEachJournalEntry(after sequence: Int64, _ body: (JournalEntry, StoredArticle?) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(JournalEntry.selectedColumns), \(Self.articleColumns) FROM journal j
                LEFT JOIN articles a ON a.id = j.article_id
                WHERE j.seq > ? ORDER BY j.seq
                """, arguments: [sequence])
            while let row = try rows.next() {
                let entry = JournalEntry(row: row)
                let article: StoredArticle? = row["id"] == nil ? nil : StoredArticle(row: row)
                try body(entry, article)
            }
        }
    }
}

extension StoredArticle {
    /// Reads the columns of ``SQLiteStore/articleColumns``.
    init(row: Row) {
        self.init(
            id: row["id"], canonicalID: row["canonical_id"], similarity: row["similarity"],
            title: row["title"], source: row["source"], dateline: row["dateline"], byline: row["byline"],
            published: row["published"], language: row["language"], url: row["url"],
            format: ArticleFormat(rawValue: row["format"]) ?? .text, extraction: row["extraction"], body: row["body"],
            sha256: row["raw_sha256"], bodySHA256: row["body_sha256"], receivedAt: row["received_at"],
            file: row["file"], size: row["size"], guid: row["guid"], version: row["version"],
            previousVersionID: row["previous_version_id"], removalSequence: row["removal_seq"], inbox: row["inbox"], tag: row["tag"])
    }
}

extension JournalEntry {
    /// Reads the columns of ``JournalEntry/selectedColumns``.
    init(row: Row) {
        self.init(
            sequence: row["j_seq"], recordedAt: row["j_recorded_at"], file: row["j_file"] ?? "",
            size: row["j_size"], contentSHA256: row["j_content_sha256"],
            outcome: IngestOutcome.Kind(rawValue: row["j_outcome"]) ?? .rejected,
            articleID: row["j_article_id"], duplicateOf: row["j_duplicate_of"], similarity: row["j_similarity"],
            reason: row["j_reason"], item: row["j_item"], items: row["j_items"], guid: row["j_guid"], actor: row["j_actor"], inbox: row["j_inbox"])
    }
}
