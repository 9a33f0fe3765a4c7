import GRDB

/// The full-text index is filled after the commit, in large transactions, as near-real-time
/// search engines refresh theirs: FTS5 indexes articles a round of 4,096 at a time at about a
/// third of the cost of indexing them inside each commit (on the 10k benchmark corpus, with
/// the `sqlite3` shell: 213 µs an article in rounds of 4,096, 300 in rounds of 256, and
/// ~560 inside the commit, where its pages compete with the articles' and the sample
/// index's). An article is stored and deduplicated when its commit returns, and searchable
/// once indexed: TidingsDaemon's `SearchRefresh` says when the daemon indexes; `tidings
/// ingest` indexes every 4,096 articles and before it exits.
extension SQLiteStore {
    package func indexForSearch(limit: Int) throws -> SearchIndexProgress {
        do {
            defer { checkpointer?.afterCommit(writer: pool) }
            return try pool.write { db in
                let through = try Self.indexedThrough(db)
                let last = try Int64.fetchOne(db, sql: """
                    SELECT max(id) FROM (SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?)
                    """, arguments: [through, limit])
                guard let last else { return SearchIndexProgress(indexed: 0, behind: 0) }
                // An article removed before it was indexed has nothing left to index.
                try db.execute(sql: """
                    INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles
                    WHERE id > ? AND id <= ? AND id NOT IN (SELECT article_id FROM removals)
                    """, arguments: [through, last])
                let indexed = db.changesCount
                if indexed > 0 {
                    try db.execute(
                        sql: "INSERT INTO articles_fts (articles_fts, rank) VALUES ('merge', ?)",
                        arguments: [indexed * Self.mergePagesPerArticle])
                }
                try db.execute(sql: "UPDATE search_index SET indexed_through = ?", arguments: [last])
                return SearchIndexProgress(indexed: indexed, behind: try Self.articles(after: last, db))
            }
        } catch {
            throw StoreError(classifying: error, doing: "indexing articles for search", path: path)
        }
    }

    /// The most leaf pages of the full-text index merged in one round, for each article the
    /// round indexed. FTS5's own merging is off (schema v9) because it merged in quanta of 64
    /// pages a level, inside whichever round happened to cross them; its `merge` command with
    /// a positive budget follows the same rule (merge a level once it holds 4 segments) but
    /// stops after about that many pages, so the work is spread over the rounds and no round
    /// of 8 articles writes more than 64 pages of merges (a few milliseconds). Keeping up takes
    /// about one page a level for each leaf page written, and an article writes ~0.7 leaf
    /// pages: 8 is enough for an index of 11 levels, which it reaches at billions of articles;
    /// one that fell behind would be caught up by a larger round, and FTS5 still merges a
    /// level on its own once it holds 16 segments (`crisismerge`).
    ///
    /// Replaying 6,000 articles of the daemon benchmark's store into a fresh index in rounds
    /// of 8 (Python's `sqlite3`, WAL, `synchronous=FULL`): FTS5's automerge gave rounds of
    /// p50 1.8–2.4, p99 23–30, max 25–35 ms (two runs) and 8.9 segments on average along the
    /// way; this budget gave p50 2.7, p99 11, max 13 ms and 8.7 segments, with ~10 % more
    /// time in all and the same query times (budgets of 3–6 pages: p99 10–12 ms). A budget of
    /// 2 pages an article fell behind (29 segments at the end).
    static let mergePagesPerArticle = 8

    package func searchBacklog() throws -> Int {
        do {
            return try pool.read { db in try Self.articles(after: try Self.indexedThrough(db), db) }
        } catch {
            throw StoreError(classifying: error, doing: "reading the search index's progress", path: path)
        }
    }

    static func indexedThrough(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT indexed_through FROM search_index") ?? 0
    }

    /// Counted on the rowid, so it reads only the newest articles' pages.
    private static func articles(after id: Int64, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM articles WHERE id > ?", arguments: [id]) ?? 0
    }
}

/// What one round of search indexing did.
package struct SearchIndexProgress: Sendable, Equatable {
    /// Articles added to the full-text index.
    package let indexed: Int
    /// Stored articles still not searchable.
    package let behind: Int
}
