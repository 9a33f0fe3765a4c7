import Foundation
import PostgresNIO
import TidingsCore

/// Reading, on the reader connection: the same answers as the SQLite store's.
extension PostgreSQLStore {
    /// The article columns every read selects, named as ``StoredArticle/init(postgreSQLRow:)`` reads them.
    static let articleColumns = """
        a.id, a.canonical_id, a.similarity, a.title, a.source, a.dateline, a.byline, a.published, a.language,
        a.url, a.format, a.extraction, a.body, a.raw_sha256, a.body_sha256, a.received_at, a.file,
        coalesce(a.raw_size, octet_length(a.raw)) AS size, a.guid, a.version, a.previous_version_id, a.inbox, a.tag,
        (SELECT r.seq FROM removals r WHERE r.article_id = a.id) AS removal_seq
        """

    private func articles(_ doing: String, _ query: PostgresQuery) throws(StoreError) -> [StoredArticle] {
        try classifying(doing) { try reader.rows(query).map(StoredArticle.init(postgreSQLRow:)) }
    }

    private func entries(_ doing: String, _ query: PostgresQuery) throws(StoreError) -> [JournalEntry] {
        try classifying(doing) { try reader.rows(query).map(JournalEntry.init(postgreSQLRow:)) }
    }

    package func article(id: Int64) throws -> StoredArticle? {
        try articles("reading an article", "SELECT \(unescaped: Self.articleColumns) FROM articles a WHERE a.id = \(id)").first
    }

    package func variants(of id: Int64) throws -> [StoredArticle] {
        try articles("reading variants", "SELECT \(unescaped: Self.articleColumns) FROM articles a WHERE a.canonical_id = \(id) ORDER BY a.id")
    }

    package func duplicates(of id: Int64) throws -> [JournalEntry] {
        try entries("reading duplicates", """
            SELECT \(unescaped: JournalEntry.selectedColumns) FROM journal j WHERE j.duplicate_of = \(id) AND j.outcome = 'duplicate' ORDER BY j.seq
            """)
    }

    package func versions(ofGUID guid: String) throws -> [StoredArticle] {
        try articles("reading versions", """
            SELECT \(unescaped: Self.articleColumns) FROM articles a WHERE a.guid = \(guid) ORDER BY coalesce(a.version, -1), a.id
            """)
    }

    package func withdrawals(ofGUID guid: String) throws -> [JournalEntry] {
        try entries("reading withdrawals", """
            SELECT \(unescaped: JournalEntry.selectedColumns) FROM journal j WHERE j.guid = \(guid) AND j.outcome = 'withdrawn' ORDER BY j.seq
            """)
    }

    package func removal(of id: Int64) throws -> Removal? {
        try classifying("reading a removal") {
            try reader.rows("""
                SELECT j.seq, j.recorded_at, j.actor, j.reason FROM removals r JOIN journal j ON j.seq = r.seq WHERE r.article_id = \(id)
                """).first.map { row in
                let (sequence, at, actor, reason) = try row.decode((Int64, String, String, String).self)
                return Removal(sequence: sequence, articleID: id, removedAt: at, actor: actor, reason: reason)
            }
        }
    }

    package func list(limit: Int, includeVariants: Bool, inbox: String?) throws -> [StoredArticle] {
        try articles("listing articles", """
            SELECT \(unescaped: Self.articleColumns) FROM articles a
            WHERE (\(includeVariants) OR a.canonical_id IS NULL) AND (\(inbox)::text IS NULL OR a.inbox = \(inbox))
            ORDER BY a.id DESC LIMIT \(limit)
            """)
    }

    /// PostgreSQL's full-text search: each article's words were stemmed in its own language
    /// (``PostgreSQLSchema/languageConfigurations``), so the query is stemmed in each of them
    /// and an article matches in its own. Without `usesFTS5Syntax` every word must occur;
    /// with it, the query is web-search syntax (`"a phrase"`, `or`, `-word`), the nearest
    /// PostgreSQL has to FTS5's.
    package func search(_ query: SearchQuery, limit: Int) throws -> [SearchHit] {
        guard !query.text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        let parse = query.usesFTS5Syntax ? "websearch_to_tsquery" : "plainto_tsquery"
        let configurations = ["simple"] + Set(PostgreSQLSchema.languageConfigurations.map(\.configuration)).sorted()
        let tsquery = configurations.map { "\(parse)('\($0)', $1)" }.joined(separator: " || ")
        return try classifying("searching") {
            var binds = PostgresBindings()
            binds.append(query.text)
            binds.append(limit)
            let sql = """
                WITH q AS (SELECT \(tsquery) AS query),
                hits AS (
                    SELECT a.id, ts_rank_cd(a.search, q.query) AS score FROM articles a, q
                    WHERE a.search @@ q.query ORDER BY score DESC, a.id LIMIT $2
                )
                SELECT \(Self.articleColumns), hits.score::float8 AS score,
                    ts_headline(tidings_text_search_configuration(a.language), a.body, q.query,
                        'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…') AS snippet
                FROM hits JOIN articles a ON a.id = hits.id, q
                ORDER BY hits.score DESC, a.id
                """
            return try reader.rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in
                let columns = row.makeRandomAccess()
                return SearchHit(
                    article: try StoredArticle(postgreSQLRow: row), score: try columns["score"].decode(Double.self),
                    snippet: try columns["snippet"].decode(String.self))
            }
        }
    }

    /// PostgreSQL keeps the search column as each article is stored: nothing lags.
    package func indexForSearch(limit: Int) throws -> SearchIndexProgress {
        SearchIndexProgress(indexed: 0, behind: 0)
    }

    package func searchBacklog() throws -> Int { 0 }

    /// From the journal's counts by outcome, kept by a trigger (as in the SQLite store).
    package func stats() throws -> StoreStats {
        try classifying("reading the store's counts") {
            var byOutcome: [String: Int] = [:]
            for row in try reader.rows("SELECT outcome, entries FROM journal_counts") {
                let (outcome, entries) = try row.decode((String, Int).self)
                byOutcome[outcome] = entries
            }
            return StoreStats(journalCounts: byOutcome)
        }
    }

    /// Through a cursor, a few hundred rows at a time, so memory does not grow with the journal.
    package func forEachJournalEntry(after sequence: Int64, _ body: (JournalEntry, StoredArticle?) throws -> Void) throws {
        try classifying("reading the journal") {
            try reader.forEachRow("""
                SELECT \(unescaped: JournalEntry.selectedColumns), \(unescaped: Self.articleColumns) FROM journal j
                LEFT JOIN articles a ON a.id = j.article_id
                WHERE j.seq > \(sequence) ORDER BY j.seq
                """) { row in
                let entry = try JournalEntry(postgreSQLRow: row)
                let hasArticle = try row.makeRandomAccess()["id"].decode(Int64?.self) != nil
                try body(entry, hasArticle ? try StoredArticle(postgreSQLRow: row) : nil)
            }
        }
    }
}

extension StoredArticle {
    /// Reads the columns of ``PostgreSQLStore/articleColumns``.
    init(postgreSQLRow row: PostgresRow) throws {
        let c = row.makeRandomAccess()
        self.init(
            id: try c["id"].decode(Int64.self), canonicalID: try c["canonical_id"].decode(Int64?.self),
            similarity: try c["similarity"].decode(Double?.self),
            title: try c["title"].decode(String?.self), source: try c["source"].decode(String?.self),
            dateline: try c["dateline"].decode(String?.self), byline: try c["byline"].decode(String?.self),
            published: try c["published"].decode(String?.self), language: try c["language"].decode(String?.self),
            url: try c["url"].decode(String?.self), format: ArticleFormat(rawValue: try c["format"].decode(String.self)) ?? .text,
            extraction: try c["extraction"].decode(String?.self), body: try c["body"].decode(String.self),
            sha256: try c["raw_sha256"].decode(String.self), bodySHA256: try c["body_sha256"].decode(String.self),
            receivedAt: try c["received_at"].decode(String.self), file: try c["file"].decode(String.self),
            size: try c["size"].decode(Int.self), guid: try c["guid"].decode(String?.self), version: try c["version"].decode(Int?.self),
            previousVersionID: try c["previous_version_id"].decode(Int64?.self), removalSequence: try c["removal_seq"].decode(Int64?.self),
            inbox: try c["inbox"].decode(String?.self), tag: try c["tag"].decode(String?.self))
    }
}

extension JournalEntry {
    /// Reads the columns of ``JournalEntry/selectedColumns``.
    init(postgreSQLRow row: PostgresRow) throws {
        let c = row.makeRandomAccess()
        self.init(
            sequence: try c["j_seq"].decode(Int64.self), recordedAt: try c["j_recorded_at"].decode(String.self),
            file: try c["j_file"].decode(String?.self) ?? "", size: try c["j_size"].decode(Int?.self),
            contentSHA256: try c["j_content_sha256"].decode(String?.self),
            outcome: IngestOutcome.Kind(rawValue: try c["j_outcome"].decode(String.self)) ?? .rejected,
            articleID: try c["j_article_id"].decode(Int64?.self), duplicateOf: try c["j_duplicate_of"].decode(Int64?.self),
            similarity: try c["j_similarity"].decode(Double?.self), reason: try c["j_reason"].decode(String?.self),
            item: try c["j_item"].decode(Int?.self), items: try c["j_items"].decode(Int?.self), guid: try c["j_guid"].decode(String?.self),
            actor: try c["j_actor"].decode(String?.self), inbox: try c["j_inbox"].decode(String?.self))
    }
}
