import Foundation
import GRDB
import PostgresNIO
import TidingsCore

/// Copies an SQLite store into a PostgreSQL one (`tidings migrate --to`): the articles with
/// their candidate index, the journal and the takedowns, with their ids and sequence
/// numbers, so that `export --since`, the variants' links and the duplicates' links mean
/// the same on both.
///
/// It is resumable: each round is one PostgreSQL transaction, and a new run starts where the
/// target stopped (the highest article id, then the highest journal sequence it holds),
/// after checking that what the target holds is this store's. The source is only read; its
/// daemon must be stopped first, or what it commits during the copy is left behind (a
/// second run copies it).
package struct StoreMigration {
    /// How far a run got, for the progress line and the summary.
    package struct Progress: Sendable, Equatable {
        package var articles = 0
        package var journalEntries = 0
        package var removals = 0
    }

    let source: SQLiteStore
    let target: PostgreSQLStore
    /// The daemon the source's entries are recorded as (`store.instance`), so that its
    /// files are replayed, not duplicated, when it restarts on the new store.
    let instance: String?
    static let articlesPerRound = 500
    static let entriesPerRound = 5_000

    package init(from source: SQLiteStore, to target: PostgreSQLStore, instance: String?) {
        self.source = source
        self.target = target
        self.instance = instance
    }

    /// Copies what the target does not hold yet; `progress` is called after each round.
    package func run(progress: (Progress) -> Void) throws -> Progress {
        var done = Progress()
        try checkTargetHoldsThisStore()
        while true {
            let copied = try copyArticles(after: try targetMax("SELECT coalesce(max(id), 0) FROM articles"))
            guard copied > 0 else { break }
            done.articles += copied
            progress(done)
        }
        while true {
            let copied = try copyJournal(after: try targetMax("SELECT coalesce(max(seq), 0) FROM journal"))
            guard copied > 0 else { break }
            done.journalEntries += copied
            progress(done)
        }
        done.removals = try copyRemovals()
        try target.classifying("setting the sequences after the copy") {
            try target.writer.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), greatest(max(id), 1)) FROM articles")
            try target.writer.execute("SELECT setval(pg_get_serial_sequence('journal', 'seq'), greatest(max(seq), 1)) FROM journal")
        }
        progress(done)
        return done
    }

    private func targetMax(_ sql: String) throws -> Int64 {
        try target.classifying("reading how far the copy got") { try target.writer.rows(PostgresQuery(unsafeSQL: sql))[0].decode(Int64.self) }
    }

    /// A target that holds articles must hold this store's: the same body at its newest id.
    private func checkTargetHoldsThisStore() throws {
        let newest = try target.classifying("reading the target") {
            try target.writer.rows("SELECT id, body_sha256 FROM articles ORDER BY id DESC LIMIT 1").first.map { try $0.decode((Int64, String).self) }
        }
        guard let newest else { return }
        let here = try source.pool.read { db in try String.fetchOne(db, sql: "SELECT body_sha256 FROM articles WHERE id = ?", arguments: [newest.0]) }
        guard here == newest.1 else {
            throw StoreError(.foreign, "\(target.path) already holds articles that are not this store's (article \(newest.0) differs); migrate into an empty database")
        }
    }

    private func copyArticles(after last: Int64) throws -> Int {
        let rows = try source.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, (SELECT r.article_id FROM removals r WHERE r.article_id = a.id) AS removed FROM articles a
                WHERE a.id > ? ORDER BY a.id LIMIT ?
                """, arguments: [last, Self.articlesPerRound])
        }
        guard !rows.isEmpty else { return 0 }
        try target.classifying("copying articles") {
            try target.writer.transaction { transaction in
                for row in rows {
                    let body: String = row["body"]
                    let modulus: Int64 = row["sample_modulus"]
                    // The sample is the one the store indexed: its shingles, at its modulus.
                    // A removed article's text is gone; its rows are copied with the takedowns.
                    let removed = (row["removed"] as Int64?) != nil
                    let samples = removed ? [] : ShingleSet(body: body).sample(modulus: UInt64(modulus)).map { Int64(bitPattern: $0) }
                    let raw: Data = row["raw"]
                    try transaction.execute("""
                        WITH stored AS (
                            INSERT INTO articles (id, canonical_id, similarity, body_sha256, title, source, dateline, byline,
                                published, language, url, format, extraction, body, raw, raw_size, raw_encoding, raw_sha256,
                                sample_count, sample_modulus, file, received_at, guid, version, previous_version_id, inbox, tag, instance)
                            VALUES (\(row["id"] as Int64), \(row["canonical_id"] as Int64?), \(row["similarity"] as Double?),
                                \(row["body_sha256"] as String), \(row["title"] as String?), \(row["source"] as String?),
                                \(row["dateline"] as String?), \(row["byline"] as String?), \(row["published"] as String?),
                                \(row["language"] as String?), \(row["url"] as String?), \(row["format"] as String),
                                \(row["extraction"] as String?), \(body), \(raw), \(row["raw_size"] as Int64?),
                                \(row["raw_encoding"] as String?), \(row["raw_sha256"] as String), \(row["sample_count"] as Int64),
                                \(modulus), \(row["file"] as String), \(row["received_at"] as String), \(row["guid"] as String?),
                                \(row["version"] as Int64?), \(row["previous_version_id"] as Int64?), \(row["inbox"] as String?),
                                \(row["tag"] as String?), \(instance))
                            RETURNING id
                        )
                        INSERT INTO sketch (sample, article_id) SELECT DISTINCT unnest(\(samples)::bigint[]), id FROM stored
                        ON CONFLICT DO NOTHING
                        """)
                }
            }
        }
        return rows.count
    }

    private func copyJournal(after last: Int64) throws -> Int {
        let rows = try source.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [last, Self.entriesPerRound])
        }
        guard !rows.isEmpty else { return 0 }
        try target.classifying("copying the journal") {
            try target.writer.transaction { transaction in
                for row in rows {
                    // Entries of files (not takedowns) are recorded as the daemon's.
                    let file: String? = row["file"]
                    try transaction.execute("""
                        INSERT INTO journal (seq, recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of,
                            similarity, reason, item, items, guid, actor, inbox, instance)
                        VALUES (\(row["seq"] as Int64), \(row["recorded_at"] as String), \(file), \(row["size"] as Int64?),
                            \(row["content_sha256"] as String?), \(row["outcome"] as String), \(row["article_id"] as Int64?),
                            \(row["duplicate_of"] as Int64?), \(row["similarity"] as Double?), \(row["reason"] as String?),
                            \(row["item"] as Int64?), \(row["items"] as Int64?), \(row["guid"] as String?), \(row["actor"] as String?),
                            \(row["inbox"] as String?), \(file == nil ? nil : instance))
                        """)
                }
            }
        }
        return rows.count
    }

    /// The takedowns, with what is left of each removed article's candidate rows (none if
    /// the removal purged them): copied whole each run, as there are few.
    private func copyRemovals() throws -> Int {
        let (removals, samples) = try source.pool.read { db in
            (try Row.fetchAll(db, sql: "SELECT article_id, seq, shingles FROM removals ORDER BY article_id"),
             try Row.fetchAll(db, sql: "SELECT sample, article_id FROM sketch WHERE article_id IN (SELECT article_id FROM removals)"))
        }
        guard !removals.isEmpty else { return 0 }
        return try target.classifying("copying the takedowns") {
            try target.writer.transaction { transaction in
                var copied = 0
                for row in removals {
                    copied += try transaction.rows("""
                        INSERT INTO removals (article_id, seq, shingles) VALUES (\(row["article_id"] as Int64), \(row["seq"] as Int64), \(row["shingles"] as Data))
                        ON CONFLICT (article_id) DO NOTHING RETURNING article_id
                        """).count
                }
                let keys = samples.map { $0["sample"] as Int64 }, ids = samples.map { $0["article_id"] as Int64 }
                try transaction.execute("""
                    INSERT INTO sketch (sample, article_id) SELECT * FROM unnest(\(keys)::bigint[], \(ids)::bigint[]) ON CONFLICT DO NOTHING
                    """)
                return copied
            }
        }
    }
}
