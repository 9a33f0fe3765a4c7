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

    /// The file's outcome: for a file of several items, each item is recorded in order and
    /// the file's outcome is its first stored item's (a claim then points at an entry that
    /// says the file was stored), with every item's outcome among its parts.
    private func record(
        _ item: IngestItem, at recordedAt: String, deduplicator: Deduplicator, source: SQLiteCandidateSource, db: Database
    ) throws -> IngestOutcome {
        if item.replayable, let earlier = try replayedOutcome(for: item, db: db) { return earlier }
        guard item.contents.count > 1 else {
            return try record(item.contents[0], of: item, place: nil, recordedAt, deduplicator, source, db)
        }
        let parts = try item.contents.enumerated().map { index, content in
            try record(content, of: item, place: (index + 1, item.contents.count), recordedAt, deduplicator, source, db)
        }
        return Self.fileOutcome(parts)
    }

    private static func fileOutcome(_ parts: [IngestOutcome]) -> IngestOutcome {
        var outcome = parts.first { $0.kind != .rejected } ?? parts[parts.count - 1]
        outcome.parts = parts
        return outcome
    }

    private func record(
        _ content: IngestItem.Content, of item: IngestItem, place: (item: Int, of: Int)?, _ recordedAt: String,
        _ deduplicator: Deduplicator, _ source: SQLiteCandidateSource, _ db: Database
    ) throws -> IngestOutcome {
        let journal = JournalAppend(item: item, place: place, recordedAt: recordedAt)
        func outcome(_ kind: IngestOutcome.Kind, article: Int64? = nil, of other: Int64? = nil, similarity: Double? = nil, reason: String? = nil, guid: String? = nil) throws -> IngestOutcome {
            let sequence = try journal.append(kind, articleID: article, duplicateOf: other, similarity: similarity, reason: reason, guid: guid, db: db)
            var result = IngestOutcome(
                sequence: sequence, file: item.file, kind: kind, articleID: article, duplicateOf: other, similarity: similarity, reason: reason)
            result.item = place?.item
            return result
        }
        switch content {
        case .rejected(let rejection):
            var rejected = try outcome(.rejected, reason: rejection.message)
            rejected.rejectionCode = rejection.code
            return rejected
        case .article(let article, let fingerprint):
            let current = try article.guid.flatMap { try currentVersion(of: $0, db: db) }
            if let status = article.status, status != .usable {
                let reason = Self.withdrawalReason(status, article, found: current != nil)
                return try outcome(.withdrawn, of: current?.id, reason: reason, guid: article.guid)
            }
            let verdict = try deduplicator.classify(fingerprint, in: source)
            if case .duplicate(let existing) = verdict {
                return try outcome(.duplicate, of: existing, guid: article.guid)
            }
            if let current {
                // Another version of a stored item: linked to it, never a near-duplicate of it.
                if (article.version ?? 0) >= (current.version ?? 0) {
                    let id = try insertArticle(article, fingerprint, item, recordedAt, canonical: nil, previous: current.id, db: db)
                    return try outcome(.update, article: id, of: current.id, guid: article.guid)
                }
                let id = try insertArticle(article, fingerprint, item, recordedAt, canonical: nil, previous: nil, db: db)
                return try outcome(.olderVersion, article: id, of: current.id, guid: article.guid)
            }
            guard case .nearDuplicate(let canonical, let similarity) = verdict else {
                let id = try insertArticle(article, fingerprint, item, recordedAt, canonical: nil, previous: nil, db: db)
                return try outcome(.new, article: id, guid: article.guid)
            }
            if try source.isRemoved(canonical) {
                // A copy of a story taken down is not stored again: it is journaled as a
                // duplicate of the removed article, with how close it came.
                return try outcome(.duplicate, of: canonical, similarity: similarity, guid: article.guid)
            }
            let id = try insertArticle(article, fingerprint, item, recordedAt, canonical: (canonical, similarity), previous: nil, db: db)
            return try outcome(.nearDuplicate, article: id, of: canonical, similarity: similarity, guid: article.guid)
        }
    }

    /// The stored article that is the current version of `guid`: the highest version,
    /// the latest received among equals.
    private func currentVersion(of guid: String, db: Database) throws -> (id: Int64, version: Int?)? {
        let statement = try db.cachedStatement(sql: """
            SELECT id, version FROM articles WHERE guid = ? ORDER BY coalesce(version, -1) DESC, id DESC LIMIT 1
            """)
        return try Row.fetchOne(statement, arguments: [guid]).map { ($0["id"], $0["version"]) }
    }

    private static func withdrawalReason(_ status: PublicationStatus, _ article: ParsedArticle, found: Bool) -> String {
        let version = article.version.map { " in version \($0)" } ?? ""
        let what = status == .canceled ? "canceled (killed) by its sender" : "withheld by its sender"
        let missing = found ? "" : "; no stored article has its guid \(article.guid ?? "(none)") yet"
        return "\(what)\(version)\(missing)"
    }

    /// The journal entries of this very file (inbox, name, size and content hash) as replayed
    /// outcomes: the latest entry, and for a file of several items all of that commit's. An
    /// entry that names no inbox (written before inboxes were recorded) matches any: the
    /// daemon of a store that old had one inbox.
    private func replayedOutcome(for item: IngestItem, db: Database) throws -> IngestOutcome? {
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.journalColumns) FROM journal j
            WHERE j.file = ? AND j.size IS ? AND j.content_sha256 IS ? AND (j.inbox IS ? OR j.inbox IS NULL) ORDER BY j.seq DESC LIMIT 1
            """)
        guard let row = try Row.fetchOne(statement, arguments: [item.file, item.size, item.contentSHA256, item.inbox]) else { return nil }
        return try Self.fileOutcome(endingWith: JournalEntry(row: row), db: db)
    }

    /// The file outcome whose last journal entry is `last`: the entries of its items are
    /// consecutive, written by one transaction.
    private static func fileOutcome(endingWith last: JournalEntry, db: Database) throws -> IngestOutcome {
        guard let items = last.items, items > 1 else { return last.replayedOutcome }
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(journalColumns) FROM journal j WHERE j.seq > ? AND j.seq <= ? AND j.file = ? ORDER BY j.seq
            """, arguments: [last.sequence - Int64(items), last.sequence, last.file])
        return fileOutcome(rows.map { JournalEntry(row: $0).replayedOutcome })
    }

    private func insertArticle(
        _ article: ParsedArticle, _ fingerprint: Fingerprint, _ item: IngestItem, _ recordedAt: String,
        canonical: (id: Int64, similarity: Double)?, previous: Int64?, db: Database
    ) throws -> Int64 {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO articles (canonical_id, similarity, body_sha256, title, source, dateline, byline,
                published, language, url, format, body, raw, raw_size, raw_encoding, raw_sha256, sample_count, sample_modulus, file,
                received_at, extraction, guid, version, previous_version_id, inbox, tag)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let modulus = fingerprint.shingles.indexModulus
        let samples = fingerprint.shingles.sample(modulus: modulus)
        try insert.execute(arguments: [
            canonical?.id, canonical?.similarity, fingerprint.bodySHA256, article.title, article.source,
            article.dateline, article.byline, article.published, article.language, article.url,
            article.format.rawValue, article.body, RawBytesCompression.compress(article.raw), article.raw.count,
            RawBytesCompression.encoding, item.contentSHA256 ?? SHA256Hex.of(article.raw),
            samples.count, Int64(modulus), item.file, recordedAt, article.extraction,
            article.guid, article.version, previous, item.inbox, article.tag,
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
}

/// Appends one item's entry to the journal.
private struct JournalAppend {
    let item: IngestItem
    let place: (item: Int, of: Int)?
    let recordedAt: String

    func append(
        _ outcome: IngestOutcome.Kind, articleID: Int64?, duplicateOf: Int64?, similarity: Double?, reason: String?, guid: String?,
        db: Database
    ) throws -> Int64 {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO journal (recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason,
                item, items, guid, inbox)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [
            recordedAt, item.file, item.size, item.contentSHA256, outcome.rawValue, articleID, duplicateOf, similarity, reason,
            place?.item, place?.of, guid, item.inbox,
        ])
        return db.lastInsertedRowID
    }
}
