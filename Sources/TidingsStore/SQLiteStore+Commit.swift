import Foundation
import GRDB
import GRDBSQLite
import TidingsCore

/// Writing: one transaction a batch, each item classified against the store and the items
/// before it, every outcome appended to the journal.
extension SQLiteStore {
    package func commit(_ items: [IngestItem], deduplicator: Deduplicator) throws -> [IngestOutcome] {
        guard !items.isEmpty else { return [] }
        let recordedAt = Timestamp.now()
        do {
            let outcomes = try pool.write { db in
                let source = SQLiteCandidateSource(db: db)
                let markClaim = try db.cachedStatement(sql: "UPDATE claims SET seq = ? WHERE token = ?")
                return try items.map { item in
                    let outcome = try record(item, at: recordedAt, deduplicator: deduplicator, source: source, db: db)
                    if let token = item.claimToken { try markClaim.execute(arguments: [outcome.sequence, token]) }
                    return outcome
                }
            }
            checkpointer?.afterCommit(writer: pool)
            return outcomes
        } catch {
            throw StoreError(classifying: error, doing: "committing a batch", path: path)
        }
    }

    private func record(
        _ item: IngestItem, at recordedAt: String, deduplicator: Deduplicator, source: SQLiteCandidateSource, db: Database
    ) throws -> IngestOutcome {
        if item.replayable, let earlier = try journalEntry(for: item, db: db) { return earlier }
        switch item.content {
        case .rejected(let rejection):
            let sequence = try appendJournal(item, recordedAt, .rejected, reason: rejection.message, db: db)
            return IngestOutcome(sequence: sequence, file: item.file, kind: .rejected, reason: rejection.message)
        case .article(let article, let fingerprint):
            switch try deduplicator.classify(fingerprint, in: source) {
            case .duplicate(let existing):
                let sequence = try appendJournal(item, recordedAt, .duplicate, duplicateOf: existing, db: db)
                return IngestOutcome(sequence: sequence, file: item.file, kind: .duplicate, duplicateOf: existing)
            case .new:
                let id = try insertArticle(article, fingerprint, item, recordedAt, canonical: nil, db: db)
                let sequence = try appendJournal(item, recordedAt, .new, articleID: id, db: db)
                return IngestOutcome(sequence: sequence, file: item.file, kind: .new, articleID: id)
            case .nearDuplicate(let canonical, let similarity):
                let id = try insertArticle(article, fingerprint, item, recordedAt, canonical: (canonical, similarity), db: db)
                let sequence = try appendJournal(
                    item, recordedAt, .nearDuplicate, articleID: id, duplicateOf: canonical, similarity: similarity, db: db)
                return IngestOutcome(
                    sequence: sequence, file: item.file, kind: .nearDuplicate, articleID: id,
                    duplicateOf: canonical, similarity: similarity)
            }
        }
    }

    /// The latest journal entry for this very file (name, size and content hash), as a
    /// replayed outcome.
    private func journalEntry(for item: IngestItem, db: Database) throws -> IngestOutcome? {
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.journalColumns) FROM journal j
            WHERE j.file = ? AND j.size IS ? AND j.content_sha256 IS ? ORDER BY j.seq DESC LIMIT 1
            """)
        guard let row = try Row.fetchOne(statement, arguments: [item.file, item.size, item.contentSHA256]) else { return nil }
        let entry = JournalEntry(row: row)
        return IngestOutcome(
            sequence: entry.sequence, file: entry.file, kind: entry.outcome, articleID: entry.articleID,
            duplicateOf: entry.duplicateOf, similarity: entry.similarity, reason: entry.reason, replayed: true)
    }

    private func insertArticle(
        _ article: ParsedArticle, _ fingerprint: Fingerprint, _ item: IngestItem, _ recordedAt: String,
        canonical: (id: Int64, similarity: Double)?, db: Database
    ) throws -> Int64 {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO articles (canonical_id, similarity, body_sha256, title, source, dateline, byline,
                published, language, url, format, body, raw, raw_sha256, sample_count, sample_modulus, file, received_at, extraction)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let modulus = fingerprint.shingles.indexModulus
        let samples = fingerprint.shingles.sample(modulus: modulus)
        try insert.execute(arguments: [
            canonical?.id, canonical?.similarity, fingerprint.bodySHA256, article.title, article.source,
            article.dateline, article.byline, article.published, article.language, article.url,
            article.format.rawValue, article.body, Data(article.raw), item.contentSHA256 ?? SHA256Hex.of(article.raw),
            samples.count, Int64(modulus), item.file, recordedAt, article.extraction,
        ])
        let id = db.lastInsertedRowID
        // ~30 rows an article, stepped through the C API like the lookups (see SQLiteCandidateSource).
        let index = try db.cachedStatement(sql: "INSERT OR IGNORE INTO sketch (sample, article_id) VALUES (?1, ?2)").sqliteStatement
        for sample in samples {
            sqlite3_reset(index)
            sqlite3_bind_int64(index, 1, Int64(bitPattern: sample))
            sqlite3_bind_int64(index, 2, id)
            let code = sqlite3_step(index)
            if code != SQLITE_DONE {
                throw db.failure(of: index, code: code)
            }
        }
        sqlite3_reset(index)
        return id
    }

    private func appendJournal(
        _ item: IngestItem, _ recordedAt: String, _ outcome: IngestOutcome.Kind,
        articleID: Int64? = nil, duplicateOf: Int64? = nil, similarity: Double? = nil, reason: String? = nil,
        db: Database
    ) throws -> Int64 {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO journal (recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [
            recordedAt, item.file, item.size, item.contentSHA256, outcome.rawValue, articleID, duplicateOf, similarity, reason,
        ])
        return db.lastInsertedRowID
    }
}
