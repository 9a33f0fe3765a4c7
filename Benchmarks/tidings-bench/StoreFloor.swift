import Foundation
import GRDB
import TidingsStore

/// The floor set by the store: how fast SQLite alone absorbs the rows a run produced —
/// the same schema, triggers and FTS5 index (filled in rounds of 4,096 articles after the
/// commits, as `tidings ingest` does), WAL with `synchronous=FULL`, batches of the same
/// size, one prepared statement per table — with no reading, parsing or deduplicating.
struct StoreFloor {
    let source: String
    let batchSize: Int
    /// Leaves the FTS5 index out, to show what full-text search costs.
    var fullText = true
    /// Leaves the sample index out, to show what the candidate index costs.
    var sampleIndex = true

    /// The floor and what each part of the store costs in it, printed as a table: the
    /// answer to "where does the time of a commit go".
    static func printParts(source: String, batchSize: Int) throws {
        print("\n| store floor, same rows | s | files/s |")
        print("|---|---:|---:|")
        for (name, floor) in [
            ("as stored (batches of \(batchSize))", StoreFloor(source: source, batchSize: batchSize)),
            ("without FTS5", StoreFloor(source: source, batchSize: batchSize, fullText: false)),
            ("without the sample index", StoreFloor(source: source, batchSize: batchSize, sampleIndex: false)),
            ("without both", StoreFloor(source: source, batchSize: batchSize, fullText: false, sampleIndex: false)),
            ("one transaction", StoreFloor(source: source, batchSize: Int.max)),
        ] {
            let measured = try floor.filesPerSecond()
            print(String(format: "| %@ | %.2f | %.0f |", name, measured.seconds, Double(measured.files) / measured.seconds))
        }
    }

    /// Files per second: the journal entries of `source`, with their articles and index rows.
    func filesPerSecond() throws -> (files: Int, seconds: Double) {
        let reader = try DatabaseQueue(path: source, configuration: { var c = Configuration(); c.readonly = true; return c }())
        let (articles, sketch, journal) = try reader.read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM articles ORDER BY id"),
             Dictionary(grouping: try Row.fetchAll(db, sql: "SELECT sample, article_id FROM sketch"), by: { $0["article_id"] as Int64 }),
             try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq"))
        }
        try reader.close()
        let byID = Dictionary(uniqueKeysWithValues: articles.map { ($0["id"] as Int64, $0) })

        let target = source + ".floor"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        try SQLiteStore(path: target, access: .readWrite).close()   // the same migrations
        let writer = try DatabaseQueue(path: target)
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        func indexForSearch(_ db: Database) throws {
            try db.execute(sql: """
                INSERT INTO articles_fts (rowid, title, body)
                    SELECT id, title, body FROM articles WHERE id > (SELECT indexed_through FROM search_index);
                UPDATE search_index SET indexed_through = (SELECT max(id) FROM articles);
                """)
        }

        let articleColumns = articles.first.map { Array($0.columnNames) } ?? []
        let journalColumns = journal.first.map { Array($0.columnNames) } ?? []
        func insert(_ table: String, _ columns: [String]) -> String {
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        }
        let step = max(1, min(batchSize, journal.count))
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            var unindexed = 0
            for start in stride(from: 0, to: journal.count, by: step) {
                if fullText && unindexed >= 4096 {
                    try writer.write(indexForSearch)
                    unindexed = 0
                }
                try writer.write { db in
                    let article = try db.cachedStatement(sql: insert("articles", articleColumns))
                    let sample = try db.cachedStatement(sql: "INSERT INTO sketch (sample, article_id) VALUES (?, ?)")
                    let entry = try db.cachedStatement(sql: insert("journal", journalColumns))
                    for row in journal[start..<min(start + step, journal.count)] {
                        if let id = row["article_id"] as Int64?, let stored = byID[id] {
                            try article.execute(arguments: StatementArguments(articleColumns.map { stored[$0] as DatabaseValue }))
                            unindexed += 1
                            for index in sampleIndex ? sketch[id] ?? [] : [] { try sample.execute(arguments: [index["sample"] as Int64, id]) }
                        }
                        try entry.execute(arguments: StatementArguments(journalColumns.map { row[$0] as DatabaseValue }))
                    }
                }
            }
            if fullText { try writer.write(indexForSearch) }
        }
        try writer.close()
        return (journal.count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
