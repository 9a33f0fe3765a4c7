import PostgresNIO
import TidingsCore

/// Claims are kept per daemon: each sees and releases only its own instance's.
extension PostgreSQLStore {
    package func recordAttempts(_ files: [(token: String, file: String)], releasing released: [String]) throws -> [Claim] {
        guard !files.isEmpty || !released.isEmpty else { return [] }
        let now = Timestamp.now()
        let owner = instance ?? ""
        return try classifying("recording the files being read") {
            try writer.transaction { transaction in
                if !released.isEmpty {
                    try transaction.execute("DELETE FROM claims WHERE instance = \(owner) AND token = ANY(\(released)::text[])")
                }
                return try files.map { file in
                    let attempts = try transaction.rows("""
                        INSERT INTO claims (instance, token, file, attempts, claimed_at) VALUES (\(owner), \(file.token), \(file.file), 1, \(now))
                        ON CONFLICT (instance, token) DO UPDATE SET attempts = claims.attempts + 1, claimed_at = excluded.claimed_at
                        RETURNING attempts
                        """)[0].decode(Int.self)
                    return Claim(token: file.token, file: file.file, attempts: attempts)
                }
            }
        }
    }

    package func claims() throws -> [Claim] {
        try classifying("reading the files being read") {
            try reader.rows("""
                SELECT c.token, c.file AS claimed_file, c.attempts, c.seq AS committed_seq, \(unescaped: JournalEntry.selectedColumns)
                FROM claims c LEFT JOIN journal j ON j.seq = c.seq WHERE c.instance = \(instance ?? "") ORDER BY c.claimed_at, c.token
                """).map { row in
                let columns = row.makeRandomAccess()
                let committed = try columns["committed_seq"].decode(Int64?.self) == nil ? nil : try JournalEntry(postgreSQLRow: row).replayedOutcome
                return Claim(
                    token: try columns["token"].decode(String.self), file: try columns["claimed_file"].decode(String.self),
                    attempts: try columns["attempts"].decode(Int.self), committed: committed)
            }
        }
    }
}
