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
