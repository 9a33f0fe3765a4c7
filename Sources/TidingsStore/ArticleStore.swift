import TidingsCore

/// How a command intends to use the store.
package enum StoreAccess: Sendable {
    /// Create the store if it does not exist, bring its schema up to date, write.
    case readWrite
    /// Read only; the store must exist already.
    case readOnly
}

/// The durable store of articles and of the journal of every file's outcome.
///
/// SQLite is the embedded default (``SQLiteStore``); PostgreSQL (``PostgreSQLStore``) lets
/// several daemons share one store. The pipeline and the command line use this protocol.
package protocol ArticleStore: Sendable {
    /// Where the store is, as the user names it: a file's path, or a `postgresql://` URL
    /// (which never holds a password).
    var path: String { get }
    /// Records one outcome per item, in order, in one transaction (group commit). Items are
    /// classified against the store as it stands plus the items before them in the batch.
    /// When this returns, the outcomes are durable; when it throws, none of them was recorded.
    func commit(_ items: [IngestItem], deduplicator: Deduplicator) throws -> [IngestOutcome]

    /// One article, or nil if there is no article with that id.
    func article(id: Int64) throws -> StoredArticle?
    /// The near-duplicate variants of a canonical article, oldest first.
    func variants(of id: Int64) throws -> [StoredArticle]
    /// The journal entries that were exact duplicates of an article, oldest first.
    func duplicates(of id: Int64) throws -> [JournalEntry]
    /// Every stored version of the item `guid`, oldest version first.
    func versions(ofGUID guid: String) throws -> [StoredArticle]
    /// The withdrawals (a kill, a withhold) journaled for the item `guid`, oldest first.
    func withdrawals(ofGUID guid: String) throws -> [JournalEntry]
    /// The takedown of a removed article: its journal entry.
    func removal(of articleID: Int64) throws -> Removal?
    /// Newest first: canonical articles, and variants too when `includeVariants`; with
    /// `inbox`, only those whose file came from that inbox.
    func list(limit: Int, includeVariants: Bool, inbox: String?) throws -> [StoredArticle]
    /// Full-text search over titles and bodies, best match first, among the articles indexed
    /// so far (see ``searchBacklog()``).
    func search(_ query: SearchQuery, limit: Int) throws -> [SearchHit]
    /// Adds up to `limit` stored articles that are not yet searchable to the full-text index,
    /// oldest first, in one transaction. Articles are indexed after their commit, in large
    /// transactions, which costs a third of indexing them inside it.
    func indexForSearch(limit: Int) throws -> SearchIndexProgress
    /// How many stored articles are not yet in the full-text index.
    func searchBacklog() throws -> Int
    func stats() throws -> StoreStats
    /// Calls `body` for every journal entry after `sequence`, in order, with the article it
    /// stored (for `new` and `near-duplicate` entries). Memory does not grow with the journal.
    func forEachJournalEntry(after sequence: Int64, _ body: (JournalEntry, StoredArticle?) throws -> Void) throws
    /// Checks the database file and the store's own invariants.
    func verify() throws -> VerificationReport
    /// Closes the store's connections; a writer that saw an I/O error closes the store and
    /// opens it anew rather than retry on the same connection.
    func close() throws(StoreError)
}
