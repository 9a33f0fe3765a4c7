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

    package init(articles: Int = 0, nearDuplicates: Int = 0, duplicates: Int = 0, rejected: Int = 0, journalEntries: Int = 0, removed: Int = 0) {
        self.removed = removed
        self.articles = articles
        self.nearDuplicates = nearDuplicates
        self.duplicates = duplicates
        self.rejected = rejected
        self.journalEntries = journalEntries
    }
}
