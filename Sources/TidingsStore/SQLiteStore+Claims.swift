import GRDB
import TidingsCore

/// Claims live in the store's own file, written by its one writer with `synchronous=FULL`:
/// a claim is on disk before the file it names is opened.
extension SQLiteStore: ClaimStore {
    package func recordAttempts(_ files: [(token: String, file: String)], releasing released: [String]) throws -> [Claim] {
        guard !files.isEmpty || !released.isEmpty else { return [] }
        let now = Timestamp.now()
        do {
            let claims = try pool.write { db in
                let release = try db.cachedStatement(sql: "DELETE FROM claims WHERE token = ?")
                for token in released { try release.execute(arguments: [token]) }
                let record = try db.cachedStatement(sql: """
                    INSERT INTO claims (token, file, attempts, claimed_at) VALUES (?, ?, 1, ?)
                    ON CONFLICT (token) DO UPDATE SET attempts = attempts + 1, claimed_at = excluded.claimed_at
                    RETURNING attempts
                    """)
                return try files.map { file in
                    Claim(token: file.token, file: file.file, attempts: try Int.fetchOne(record, arguments: [file.token, file.file, now]) ?? 1)
                }
            }
            checkpointer?.afterCommit(writer: pool)
            return claims
        } catch {
            throw StoreError(classifying: error, doing: "recording the files being read", path: path)
        }
    }

    package func claims() throws -> [Claim] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT c.token, c.file AS claimed_file, c.attempts, c.seq AS committed_seq, \(JournalEntry.selectedColumns)
                    FROM claims c LEFT JOIN journal j ON j.seq = c.seq ORDER BY c.claimed_at, c.token
                    """).map { row in
                    let committed: IngestOutcome? = (row["committed_seq"] as Int64?).map { _ in
                        JournalEntry(row: row).replayedOutcome
                    }
                    return Claim(token: row["token"], file: row["claimed_file"], attempts: row["attempts"], committed: committed)
                }
            }
        } catch {
            throw StoreError(classifying: error, doing: "reading the files being read", path: path)
        }
    }
}
