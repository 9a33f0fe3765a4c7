import Foundation
import PostgresNIO
import TidingsCore

/// The store in a PostgreSQL database, which several daemons (on several hosts) share: one
/// journal, one deduplication and one search across all their inboxes.
///
/// Commits from every daemon are serialised by one transaction-level advisory lock, taken
/// before the batch's first lookup: a batch classifies its items against everything
/// committed before the lock was granted, so two daemons receiving copies of one story at
/// the same moment record one canonical article and one duplicate, never two canonicals.
/// Per-key locks cannot do better for batches: a batch of 256 articles looks up ~9,000
/// samples, which would lock most of any key space small enough for PostgreSQL's lock
/// table. Parsing, fingerprinting and the inbox work stay parallel on every daemon; the
/// lock is held only for the batch's lookups and inserts (see the README's figures).
package final class PostgreSQLStore: ArticleStore, ClaimStore {
    package let path: String
    /// This daemon's stable name (`store.instance`), recorded with each journal entry and
    /// claim: a file is replayed only from its own daemon's entries. Nil for commands.
    package let instance: String?
    /// Commits, claims and migrations.
    let writer: PostgreSQLConnection
    /// Reads, so that a status report never waits behind a commit.
    let reader: PostgreSQLConnection

    /// The advisory lock every commit takes (see the type's documentation).
    static let commitLock: Int64 = 0x5444_4E47_0000_0002

    /// Connects, and checks that the database is a Tidings store of a schema this build
    /// knows; for `.readWrite`, creates the schema in an empty database or brings it up to
    /// date. A database with tables of its own is refused (exit 4), before anything is
    /// written to it.
    package init(address: PostgreSQLAddress, password: String?, instance: String?, access: StoreAccess) throws(StoreError) {
        path = address.description
        self.instance = instance
        let name = "tidings" + (instance.map { " \($0)" } ?? "")
        writer = try PostgreSQLConnection(address, password: password, applicationName: name)
        reader = try PostgreSQLConnection(address, password: password, applicationName: name)
        try Self.prepare(writer, access: access, path: path)
    }

    package func close() throws(StoreError) {
        writer.close()
        reader.close()
    }

    /// Runs `body`, turning what PostgreSQL reports into a ``StoreError`` that says what
    /// was being done.
    func classifying<Result>(_ doing: String, _ body: () throws -> Result) throws(StoreError) -> Result {
        do {
            return try body()
        } catch {
            throw StoreError(classifyingPostgreSQL: error, doing: doing)
        }
    }

    private static func prepare(_ connection: PostgreSQLConnection, access: StoreAccess, path: String) throws(StoreError) {
        do {
            try connection.transaction { transaction in
                if access == .readWrite { try transaction.execute("SELECT pg_advisory_xact_lock(\(PostgreSQLSchema.migrationLock))") }
                let version = try Self.schemaVersion(transaction, path: path)
                if version > PostgreSQLSchema.currentVersion {
                    throw StoreError(.newerSchema, "the store at \(path) was written by a newer Tidings; upgrade Tidings to use it")
                }
                guard version < PostgreSQLSchema.currentVersion else { return }
                guard access == .readWrite else {
                    if version == 0 {
                        throw StoreError(.missing, "there is no Tidings store in \(path) yet: ingest files first (`tidings ingest --store \(path) FILE…`) or start the daemon on it")
                    }
                    throw StoreError(.cannotOpen, "the store at \(path) needs an upgrade; run `tidings ingest --store \(path)` once (with no files) to upgrade it")
                }
                for migration in PostgreSQLSchema.migrations[version...] {
                    for statement in PostgreSQLSchema.statements(of: migration) {
                        try transaction.execute(PostgresQuery(unsafeSQL: statement))
                    }
                }
                if version == 0 {
                    try transaction.execute("""
                        INSERT INTO tidings_store (application, schema_version, created_at)
                        VALUES (\(PostgreSQLSchema.application), \(PostgreSQLSchema.currentVersion), \(Timestamp.now()))
                        """)
                } else {
                    try transaction.execute("UPDATE tidings_store SET schema_version = \(PostgreSQLSchema.currentVersion)")
                }
            }
        } catch {
            throw StoreError(classifyingPostgreSQL: error, doing: "opening the store at \(path)")
        }
    }

    /// 0 for an empty database; throws for a database that is not a Tidings store.
    private static func schemaVersion(_ transaction: PostgreSQLConnection.Transaction, path: String) throws -> Int {
        let marked = try transaction.rows("SELECT to_regclass('tidings_store') IS NOT NULL")[0].decode(Bool.self)
        guard marked else {
            let tables = try transaction.rows("""
                SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
                """)[0].decode(Int.self)
            if tables > 0 {
                throw StoreError(.foreign, "the database of \(path) has \(tables) tables of its own but is not a Tidings store; name an empty database (or a Tidings store) with --store")
            }
            return 0
        }
        let rows = try transaction.rows("SELECT application, schema_version FROM tidings_store")
        guard let row = rows.first, try row.makeRandomAccess()["application"].decode(String.self) == PostgreSQLSchema.application else {
            throw StoreError(.foreign, "the database of \(path) has a table tidings_store but is not a Tidings store; name another database with --store")
        }
        return try row.makeRandomAccess()["schema_version"].decode(Int.self)
    }
}
