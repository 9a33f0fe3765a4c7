/// Counts over the whole store.
package struct StoreStats: Sendable, Equatable {
    /// Canonical articles.
    package let articles: Int
    /// Stored near-duplicate variants.
    package let nearDuplicates: Int
    /// Files that were exact duplicates (journaled, not stored again).
    package let duplicates: Int
    package let rejected: Int
    package let journalEntries: Int
    /// Articles whose content a takedown erased (counted among the articles and variants
    /// above too: their rows stay).
    package var removed = 0

    /// From the journal's entries by outcome (`journal_counts`): every article row is
    /// written with exactly one `new`, `update` or `older-version` (canonical; later and
    /// earlier versions of an item are articles of their own too) or `near-duplicate`
    /// (variant) entry.
    init(journalCounts byOutcome: [String: Int]) {
        self.init(
            articles: (byOutcome["new"] ?? 0) + (byOutcome["update"] ?? 0) + (byOutcome["older-version"] ?? 0),
            nearDuplicates: byOutcome["near-duplicate"] ?? 0,
            duplicates: byOutcome["duplicate"] ?? 0,
            rejected: byOutcome["rejected"] ?? 0,
            journalEntries: byOutcome.values.reduce(0, +),
            removed: byOutcome["removed"] ?? 0)
    }

    package init(articles: Int = 0, nearDuplicates: Int = 0, duplicates: Int = 0, rejected: Int = 0, journalEntries: Int = 0, removed: Int = 0) {
        self.removed = removed
        self.articles = articles
        self.nearDuplicates = nearDuplicates
        self.duplicates = duplicates
        self.rejected = rejected
        self.journalEntries = journalEntries
    }
}
