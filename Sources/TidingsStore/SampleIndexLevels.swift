import GRDB
import GRDBSQLite

/// The candidate index (each article's MOD-m sample) as three levels, so that a commit does
/// not write a page of a large B-tree for every sample it adds.
///
/// One table keyed by random 64-bit samples takes each new row on a random page: at a
/// million articles a batch of 256 dirtied ~9,000 pages (~36 MB of write-ahead log) and
/// the per-file cost grew sixfold from 10k. Here new samples go to `sketch_0`, a few hundred
/// pages that stay in the cache; once it holds more than ``capacities``[0] rows, rounds move
/// its rows, in key order from a moving cursor, into `sketch_1`, and `sketch_1`'s into
/// `sketch` in the same way. Rows moved in key order land on neighbouring pages, so a round
/// of 32,768 rows touches only the pages of the key range it covers. Lookups read all three
/// levels: each row is in exactly one (a round moves and deletes in one transaction), and an
/// article's rows may be spread over them. An LSM tree, in SQLite tables.
///
/// Rounds run inside the commit that overfills a level, bounded to ``roundRows`` rows a
/// round and a few rounds a commit, so no commit waits for a whole level to move.
enum SampleIndexLevels {
    /// The levels' tables, newest first.
    static let tables = ["sketch_0", "sketch_1", "sketch"]
    /// Rows a level may hold before rounds move its rows down: `sketch_0` ~128 pages,
    /// `sketch_1` ~2,000 (8 MB, within the writer's 16 MiB cache). The last is unbounded.
    static let capacities = [32_768, 524_288]
    /// Rows one round moves.
    static let roundRows = 32_768

    /// After a commit's inserts into `sketch_0`: counts them (a count of ~100 cached pages),
    /// then moves rows down while a level is over its capacity — at most enough rounds to
    /// move twice what came in, so a level drains faster than it fills.
    static func afterInserts(db: Database) throws {
        let before = try rows(in: 0, db: db)
        let now = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM sketch_0")) ?? 0
        let count = now - before
        guard count > 0 else { return }
        try db.cachedStatement(sql: "UPDATE sketch_levels SET rows = ? WHERE level = 0").execute(arguments: [now])
        for level in capacities.indices {
            var moved = 0
            while moved < max(roundRows, 2 * count), try rows(in: level, db: db) > capacities[level] {
                let round = try moveRound(from: level, db: db)
                if round == 0 { break }
                moved += round
            }
        }
    }

    private static func rows(in level: Int, db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT rows FROM sketch_levels WHERE level = ?"), arguments: [level]) ?? 0
    }

    /// Moves up to ``roundRows`` rows (whole samples: a sample's rows move together) from
    /// `level` to the next, from the level's cursor on in key order; returns how many.
    private static func moveRound(from level: Int, db: Database) throws -> Int {
        let (source, target) = (tables[level], tables[level + 1])
        let cursor = try Int64.fetchOne(db.cachedStatement(sql: "SELECT cursor FROM sketch_levels WHERE level = ?"), arguments: [level]) ?? .min
        // The last sample of the round: the roundRows-th from the cursor, or the end.
        let last = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT sample FROM \(source) WHERE sample >= ? ORDER BY sample LIMIT 1 OFFSET ?"),
            arguments: [cursor, roundRows - 1])
        let upper = last ?? .max
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO \(target) (sample, article_id)
            SELECT sample, article_id FROM \(source) WHERE sample BETWEEN ? AND ? ORDER BY sample, article_id
            """).execute(arguments: [cursor, upper])
        let inserted = db.changesCount
        try db.cachedStatement(sql: "DELETE FROM \(source) WHERE sample BETWEEN ? AND ?").execute(arguments: [cursor, upper])
        let moved = db.changesCount
        // Past the end (or at the largest sample), the next round starts over from the bottom.
        let next = last.map { $0 == .max ? Int64.min : $0 + 1 } ?? .min
        try db.cachedStatement(sql: "UPDATE sketch_levels SET rows = max(rows - ?, 0), cursor = ? WHERE level = ?")
            .execute(arguments: [moved, next, level])
        // Nothing at or after the cursor: the rows are all before it, where the next round starts.
        if moved == 0 && cursor != .min { return try moveRound(from: level, db: db) }
        if level + 1 < capacities.count {
            try db.cachedStatement(sql: "UPDATE sketch_levels SET rows = rows + ? WHERE level = ?").execute(arguments: [inserted, level + 1])
        }
        return moved
    }
}
