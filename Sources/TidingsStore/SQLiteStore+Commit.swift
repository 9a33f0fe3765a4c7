import Foundation
import GRDB
import GRDBSQLite
import TidingsCore

/// Writing: one transaction a batch, each item classified against the store and the items
/// before it (``BatchRecorder``), every outcome appended to the journal.
extension SQLiteStore {
    package func commit(_ items: [IngestItem], deduplicator: Deduplicator) throws -> [IngestOutcome] {
        guard !items.isEmpty else { return [] }
        let recordedAt = Timestamp.now()
        do {
            let outcomes = try pool.write { db in
                let recorder = BatchRecorder(writes: SQLiteCandidateSource(db: db), deduplicator: deduplicator, recordedAt: recordedAt)
                let markClaim = try db.cachedStatement(sql: "UPDATE claims SET seq = ? WHERE token = ?")
                return try items.map { item in
                    let outcome = try recorder.record(item)
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
}

extension SQLiteCandidateSource: BatchWrites {
    func currentVersion(of guid: String) throws -> (id: Int64, version: Int?)? {
        let statement = try db.cachedStatement(sql: """
            SELECT id, version FROM articles WHERE guid = ? ORDER BY coalesce(version, -1) DESC, id DESC LIMIT 1
            """)
        return try Row.fetchOne(statement, arguments: [guid]).map { ($0["id"], $0["version"]) }
    }

    /// The journal entries of this very file (inbox, name, size and content hash) as replayed
    /// outcomes: the latest entry, and for a file of several items all of that commit's. An
    /// entry that names no inbox (written before inboxes were recorded) matches any: the
    /// daemon of a store that old had one inbox.
    func replayedOutcome(for item: IngestItem) throws -> IngestOutcome? {
        let statement = try db.cachedStatement(sql: """
            SELECT \(JournalEntry.selectedColumns) FROM journal j
            WHERE j.file = ? AND j.size IS ? AND j.content_sha256 IS ? AND (j.inbox IS ? OR j.inbox IS NULL) ORDER BY j.seq DESC LIMIT 1
            """)
        guard let row = try Row.fetchOne(statement, arguments: [item.file, item.size, item.contentSHA256, item.inbox]) else { return nil }
        let last = JournalEntry(row: row)
        // The entries of a file's items are consecutive, written by one transaction.
        guard let items = last.items, items > 1 else { return last.replayedOutcome }
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(JournalEntry.selectedColumns) FROM journal j WHERE j.seq > ? AND j.seq <= ? AND j.file = ? ORDER BY j.seq
            """, arguments: [last.sequence - Int64(items), last.sequence, last.file])
        return BatchRecorder<Self>.fileOutcome(rows.map { JournalEntry(row: $0).replayedOutcome })
    }

    func insertArticle(_ new: NewArticle) throws -> Int64 {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO articles (canonical_id, similarity, body_sha256, title, source, dateline, byline,
                published, language, url, format, body, raw, raw_size, raw_encoding, raw_sha256, sample_count, sample_modulus, file,
                received_at, extraction, guid, version, previous_version_id, inbox, tag)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let article = new.article
        let (modulus, samples) = new.sample
        try insert.execute(arguments: [
            new.canonical?.id, new.canonical?.similarity, new.fingerprint.bodySHA256, article.title, article.source,
            article.dateline, article.byline, article.published, article.language, article.url,
            article.format.rawValue, article.body, new.item.compressedRaw ?? RawBytesCompression.compress(article.raw), article.raw.count,
            RawBytesCompression.encoding, new.item.contentSHA256 ?? SHA256Hex.of(article.raw),
            samples.count, Int64(modulus), new.item.file, new.recordedAt, article.extraction,
            article.guid, article.version, new.previous, new.item.inbox, article.tag,
        ])
        let id = db.lastInsertedRowID
        // ~30 rows an article, stepped through the C API like the lookups.
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

    func appendJournal(_ entry: NewJournalEntry) throws -> Int64 {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO journal (recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason,
                item, items, guid, inbox)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [
            entry.recordedAt, entry.item.file, entry.item.size, entry.item.contentSHA256, entry.outcome.rawValue, entry.articleID,
            entry.duplicateOf, entry.similarity, entry.reason, entry.place?.item, entry.place?.of, entry.guid, entry.item.inbox,
        ])
        return db.lastInsertedRowID
    }
}
