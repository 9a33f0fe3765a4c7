/// Counts over the whole store.
public struct StoreStats: Sendable, Equatable {
    /// Canonical articles.
    public let articles: Int
    /// Stored near-duplicate variants.
    public let nearDuplicates: Int
    /// Files that were exact duplicates (journaled, not stored again).
    public let duplicates: Int
    public let rejected: Int
    public let journalEntries: Int
}
