import TidingsCore

/// One row of the append-only journal: the outcome of one file.
package struct JournalEntry: Sendable, Equatable {
    /// Monotonic: a consumer that remembers the last sequence it saw can follow the store.
    package let sequence: Int64
    /// When the outcome was committed: ISO 8601, UTC.
    package let recordedAt: String
    package let file: String
    package let size: Int?
    package let contentSHA256: String?
    package let outcome: IngestOutcome.Kind
    package let articleID: Int64?
    package let duplicateOf: Int64?
    package let similarity: Double?
    package let reason: String?
    /// For a file of several items: this item's place (1-based), and how many there are.
    package var item: Int? = nil
    package var items: Int? = nil
    /// The sender's identity of the item, when it has one.
    package var guid: String? = nil
    /// Who made a removal (`removed` entries only; their ``file`` is empty).
    package var actor: String? = nil
    /// The inbox the file came from; nil for `tidings ingest` (and removals).
    package var inbox: String? = nil

    /// This entry as the outcome it recorded, replayed.
    package var replayedOutcome: IngestOutcome {
        var outcome = IngestOutcome(
            sequence: sequence, file: file, kind: outcome, articleID: articleID, duplicateOf: duplicateOf,
            similarity: similarity, reason: reason, replayed: true)
        outcome.item = item
        return outcome
    }
}

extension JournalEntry {
    /// The journal columns every read of either store selects (the same SQL in SQLite and
    /// PostgreSQL), prefixed so they never clash with an article's.
    static let selectedColumns = """
        j.seq AS j_seq, j.recorded_at AS j_recorded_at, j.file AS j_file, j.size AS j_size,
        j.content_sha256 AS j_content_sha256, j.outcome AS j_outcome, j.article_id AS j_article_id,
        j.duplicate_of AS j_duplicate_of, j.similarity AS j_similarity, j.reason AS j_reason,
        j.item AS j_item, j.items AS j_items, j.guid AS j_guid, j.actor AS j_actor, j.inbox AS j_inbox
        """
}
