import Foundation
import GRDB
import TidingsCore

/// Takedowns. A news organisation must be able to honour a legal request to remove an
/// article; the store is otherwise append-only. A removal, in one transaction:
/// - appends a `removed` journal entry: the tombstone, with who, when and why;
/// - keeps the article's shingle hashes in `removals`, so a copy delivered again is still
///   recognised (an identical copy by its body hash, which stays; a near copy by these
///   shingles) and journaled as a duplicate of the removed article, never stored again;
/// - takes the article out of the full-text index;
/// - erases its content: title, byline, dateline, url, body and raw bytes. Its id, source,
///   dates, format, file name and hashes stay, so the journal still adds up and `verify`
///   still checks it.
///
/// The erased bytes must not linger in the file either: the removal runs with SQLite's
/// `secure_delete` on (freed content is overwritten with zeros) and ends with a TRUNCATE
/// checkpoint, so the log holds no copy of the old pages. FTS5 only marks a deleted row's
/// words as deleted, in new segments; they leave the older segments when FTS5 merges them,
/// which `purgingIndex` forces at once by rewriting the whole index (FTS5's `optimize`:
/// seconds to minutes on a large store, while commits wait).
extension SQLiteStore {
    /// Removes the content of article `id`.
    /// - Throws: ``StoreError`` `.missing` when there is no such article, `.database` when
    ///   it was removed already (saying when and why).
    package func remove(articleID id: Int64, reason: String, actor: String, purgingIndex: Bool = false) throws -> Removal {
        do {
            let removal = try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
                var removal: Removal?
                try db.inTransaction {
                    removal = try erase(id, reason: reason, actor: actor, db)
                    return .commit
                }
                if purgingIndex { try db.execute(sql: "INSERT INTO articles_fts (articles_fts) VALUES ('optimize')") }
                return removal!
            }
            // Best effort: a reader holding an old snapshot keeps the log from being
            // truncated now; the next checkpoint after it finishes does it.
            _ = try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            return removal
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(classifying: error, doing: "removing article \(id)", path: path)
        }
    }

    /// The removal itself, inside the caller's transaction.
    private func erase(_ id: Int64, reason: String, actor: String, _ db: Database) throws -> Removal {
        guard let row = try Row.fetchOne(db, sql: "SELECT title, body FROM articles WHERE id = ?", arguments: [id]) else {
            throw StoreError(.missing, "there is no article \(id) in \(path)")
        }
        if let earlier = try Self.removal(of: id, db) {
            throw StoreError(.database, "article \(id) was removed already, on \(earlier.removedAt) by \(earlier.actor): \(earlier.reason)")
        }
        let title: String? = row["title"], body: String = row["body"]
        if id <= (try Self.indexedThrough(db)) {
            // An external-content FTS5 index forgets a row only when told its old text.
            try db.execute(
                sql: "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                arguments: [id, title, body])
        }
        let removedAt = Timestamp.now()
        try db.execute(sql: """
            INSERT INTO journal (recorded_at, file, outcome, article_id, reason, actor) VALUES (?, NULL, 'removed', ?, ?, ?)
            """, arguments: [removedAt, id, reason, actor])
        let sequence = db.lastInsertedRowID
        try db.execute(
            sql: "INSERT INTO removals (article_id, seq, shingles) VALUES (?, ?, ?)",
            arguments: [id, sequence, Self.blob(ShingleSet(body: body))])
        try db.execute(sql: """
            UPDATE articles SET title = NULL, byline = NULL, dateline = NULL, url = NULL, body = '', raw = x'',
                raw_encoding = NULL WHERE id = ?
            """, arguments: [id])
        return Removal(sequence: sequence, articleID: id, removedAt: removedAt, actor: actor, reason: reason)
    }

    /// The takedown of article `id`, if it was removed.
    package func removal(of id: Int64) throws -> Removal? {
        try pool.read { db in try Self.removal(of: id, db) }
    }

    static func removal(of id: Int64, _ db: Database) throws -> Removal? {
        try Row.fetchOne(db, sql: """
            SELECT j.seq, j.recorded_at, j.actor, j.reason FROM removals r JOIN journal j ON j.seq = r.seq WHERE r.article_id = ?
            """, arguments: [id]).map { row in
            Removal(sequence: row["seq"], articleID: id, removedAt: row["recorded_at"], actor: row["actor"], reason: row["reason"])
        }
    }

    /// The shingle hashes of a removed article, as `removals.shingles` keeps them.
    static func shingles(fromBlob blob: Data) -> ShingleSet {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(blob.count / 8)
        blob.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: raw.count - 7, by: 8) {
                hashes.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            }
        }
        return ShingleSet(hashes: hashes)
    }

    private static func blob(_ shingles: ShingleSet) -> Data {
        var data = Data(capacity: shingles.count * 8)
        for hash in shingles.hashes { withUnsafeBytes(of: hash.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }
}
