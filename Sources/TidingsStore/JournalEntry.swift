import TidingsCore

/// One row of the append-only journal: the outcome of one file.
public struct JournalEntry: Sendable, Equatable {
    /// Monotonic: a consumer that remembers the last sequence it saw can follow the store.
    public let sequence: Int64
    /// When the outcome was committed: ISO 8601, UTC.
    public let recordedAt: String
    public let file: String
    public let size: Int?
    public let contentSHA256: String?
    public let outcome: IngestOutcome.Kind
    public let articleID: Int64?
    public let duplicateOf: Int64?
    public let similarity: Double?
    public let reason: String?
}
