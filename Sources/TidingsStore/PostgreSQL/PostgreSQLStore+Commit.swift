import Foundation
import PostgresNIO
import TidingsCore

/// Writing: one transaction a batch, under the commit lock every daemon takes (see
/// ``PostgreSQLStore``), each item classified by ``BatchRecorder`` as in the SQLite store.
/// The lock also keeps the journal's sequence numbers in commit order, so a follower
/// (`export --follow`) that remembers the last one it saw never skips an entry committed
/// later with a smaller one.
extension PostgreSQLStore {
    package func commit(_ items: [IngestItem], deduplicator: Deduplicator) throws -> [IngestOutcome] {
        guard !items.isEmpty else { return [] }
        return try classifying("committing a batch") {
            try writer.transaction { transaction in
                try transaction.execute("SELECT pg_advisory_xact_lock(\(Self.commitLock))")
                // The server's clock, read under the lock: entries from daemons on hosts whose
                // clocks disagree still have times in the order of their sequence numbers.
                let recordedAt = try transaction.rows("""
                    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                    """)[0].decode(String.self)
                let writes = PostgreSQLCandidateSource(transaction: transaction, instance: instance)
                let recorder = BatchRecorder(writes: writes, deduplicator: deduplicator, recordedAt: recordedAt)
                return try items.map { item in
                    let outcome = try recorder.record(item)
                    if let token = item.claimToken {
                        try transaction.execute("UPDATE claims SET seq = \(outcome.sequence) WHERE instance = \(instance ?? "") AND token = \(token)")
                    }
                    return outcome
                }
            }
        }
    }
}

extension PostgreSQLCandidateSource: BatchWrites {
    func currentVersion(of guid: String) throws -> (id: Int64, version: Int?)? {
        try transaction.rows("""
            SELECT id, version FROM articles WHERE guid = \(guid) ORDER BY coalesce(version, -1) DESC, id DESC LIMIT 1
            """).first.map { row in
            let (id, version) = try row.decode((Int64, Int?).self)
            return (id, version)
        }
    }

    /// The entries of this very file from this daemon (its instance and inbox, the file's
    /// name, size and content hash): another daemon's file of the same name is another file.
    func replayedOutcome(for item: IngestItem) throws -> IngestOutcome? {
        guard let row = try transaction.rows("""
            SELECT \(unescaped: JournalEntry.selectedColumns) FROM journal j
            WHERE j.file = \(item.file) AND j.size IS NOT DISTINCT FROM \(item.size.map(Int64.init))
              AND j.content_sha256 IS NOT DISTINCT FROM \(item.contentSHA256)
              AND j.inbox IS NOT DISTINCT FROM \(item.inbox) AND j.instance IS NOT DISTINCT FROM \(instance)
            ORDER BY j.seq DESC LIMIT 1
            """).first else { return nil }
        let last = try JournalEntry(postgreSQLRow: row)
        // The entries of a file's items are consecutive, written by one transaction.
        guard let items = last.items, items > 1 else { return last.replayedOutcome }
        let rows = try transaction.rows("""
            SELECT \(unescaped: JournalEntry.selectedColumns) FROM journal j
            WHERE j.seq > \(last.sequence - Int64(items)) AND j.seq <= \(last.sequence) AND j.file = \(last.file) ORDER BY j.seq
            """)
        return BatchRecorder<Self>.fileOutcome(try rows.map { try JournalEntry(postgreSQLRow: $0).replayedOutcome })
    }

    /// The article and its sample in one round trip.
    func insertArticle(_ new: NewArticle) throws -> Int64 {
        let article = new.article
        let (modulus, samples) = new.sample
        let keys = samples.map { Int64(bitPattern: $0) }
        let raw = new.item.compressedRaw ?? RawBytesCompression.compress(article.raw)
        let rows = try transaction.rows("""
            WITH stored AS (
                INSERT INTO articles (canonical_id, similarity, body_sha256, title, source, dateline, byline,
                    published, language, url, format, body, raw, raw_size, raw_encoding, raw_sha256, sample_count, sample_modulus, file,
                    received_at, extraction, guid, version, previous_version_id, inbox, tag, instance)
                VALUES (\(new.canonical?.id), \(new.canonical?.similarity), \(new.fingerprint.bodySHA256), \(article.title),
                    \(article.source), \(article.dateline), \(article.byline), \(article.published), \(article.language),
                    \(article.url), \(article.format.rawValue), \(article.body), \(raw), \(Int64(article.raw.count)),
                    \(RawBytesCompression.encoding), \(new.item.contentSHA256 ?? SHA256Hex.of(article.raw)), \(Int64(samples.count)),
                    \(Int64(modulus)), \(new.item.file), \(new.recordedAt), \(article.extraction), \(article.guid),
                    \(article.version.map(Int64.init)), \(new.previous), \(new.item.inbox), \(article.tag), \(instance))
                RETURNING id
            ), indexed AS (
                INSERT INTO sketch (sample, article_id) SELECT DISTINCT unnest(\(keys)::bigint[]), id FROM stored
                ON CONFLICT DO NOTHING
            )
            SELECT id FROM stored
            """)
        return try rows[0].decode(Int64.self)
    }

    func appendJournal(_ entry: NewJournalEntry) throws -> Int64 {
        try transaction.rows("""
            INSERT INTO journal (recorded_at, file, size, content_sha256, outcome, article_id, duplicate_of, similarity, reason,
                item, items, guid, inbox, instance)
            VALUES (\(entry.recordedAt), \(entry.item.file), \(entry.item.size.map(Int64.init)), \(entry.item.contentSHA256),
                \(entry.outcome.rawValue), \(entry.articleID), \(entry.duplicateOf), \(entry.similarity), \(entry.reason),
                \(entry.place.map { Int64($0.item) }), \(entry.place.map { Int64($0.of) }), \(entry.guid), \(entry.item.inbox), \(instance))
            RETURNING seq
            """)[0].decode(Int64.self)
    }
}
