import Foundation
import GRDB
import GRDBSQLite
import TidingsCore

/// The embedded store: one SQLite file in WAL mode, written by one connection with
/// `synchronous=FULL`, read by any number of connections at the same time.
package final class SQLiteStore: ArticleStore {
    package typealias Access = StoreAccess

    package let path: String
    let pool: DatabasePool
    /// The writer's checkpoints; nil for a read-only store.
    let checkpointer: WALCheckpointer?

    /// Opens (or, for `.readWrite`, creates) the store at `path`.
    ///
    /// A file that is not a Tidings store, or a damaged one, is refused before anything is
    /// written to it: GRDB's pool writes as it opens (it makes sure the WAL file is not
    /// empty), so an existing store is first inspected through a read-only connection.
    package init(path: String, access: Access, busyTimeout: TimeInterval = 10) throws(StoreError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if access == .readOnly && !exists {
            throw StoreError(.missing, "there is no store at \(path): ingest files first (`tidings ingest --store \(path) FILE…`) or name another store with --store")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !exists && !FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory) {
            throw StoreError(.cannotOpen, "cannot create the store at \(path): the directory \(directory) does not exist; create it or name another store with --store")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "tidings"
        if exists && access == .readWrite {
            var readOnly = configuration
            readOnly.readonly = true
            let inspector = try Self.connect(path, access) { try DatabaseQueue(path: path, configuration: readOnly) }
            try Self.checkIdentity(inspector, path: path)
            if Self.fileSize(path) <= Self.maxCheckedBytesAtOpen { try Self.checkStructure(inspector, path: path) }
            try? inspector.close()
        }
        configuration.readonly = access == .readOnly
        pool = try Self.connect(path, access) { try DatabasePool(path: path, configuration: configuration) }
        if access == .readWrite {
            try Self.prepareForWriting(pool, path: path)
            let checkpointer = try Self.connect(path, access) { try WALCheckpointer(path: path, busyTimeout: busyTimeout) }
            let writer = pool
            try Self.connect(path, access) { try checkpointer.watch(writer) }
            self.checkpointer = checkpointer
        } else {
            checkpointer = nil
            try Self.checkIdentity(pool, path: path)
            try checkSchemaIsCurrent()
        }
    }

    private static func connect<Connection>(
        _ path: String, _ access: Access, _ open: () throws -> Connection
    ) throws(StoreError) -> Connection {
        do {
            return try open()
        } catch {
            // Damage, a full disk, a busy store or an I/O error keep their own code; anything
            // else (a missing directory, no permission) is a path the user has to fix.
            let classified = StoreError(classifying: error, doing: "opening the store", path: path)
            guard classified.code == .database else { throw classified }
            throw StoreError(.cannotOpen, "cannot open the store at \(path); check that the path is a Tidings store and that you may \(access == .readOnly ? "read" : "write") it", cause: error)
        }
    }

    /// Closes the store's connections. A writer that saw an I/O error closes the store and
    /// opens it again rather than retrying on the same connection: after a failed fsync
    /// the kernel may have dropped the dirty pages, and a retried fsync can report success
    /// for data that never reached the disk.
    package func close() throws(StoreError) {
        do {
            try checkpointer?.close()
            try pool.close()
        } catch {
            throw StoreError(classifying: error, doing: "closing", path: path)
        }
    }

    /// A file that has tables but not our application id is someone else's database.
    private static func checkIdentity(_ reader: any DatabaseReader, path: String) throws(StoreError) {
        do {
            let (applicationID, tableCount) = try reader.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0)
            }
            if applicationID != SQLiteSchema.applicationID && (applicationID != 0 || tableCount > 0) {
                throw StoreError(.foreign, "\(path) is an SQLite database but not a Tidings store; name another path with --store")
            }
        } catch {
            throw StoreError(classifying: error, doing: "reading the schema", path: path)
        }
    }

    /// Stores up to this size are checked whole before the first write. `quick_check` reads
    /// every page (~0.07 s for 48 MiB, page cache warm), which would keep a daemon on a store
    /// of a million articles (~16 GiB) from READY for minutes; larger stores rely on SQLite
    /// reporting damage on the pages it touches (exit 4 all the same) and on `tidings verify`.
    static let maxCheckedBytesAtOpen: UInt64 = 256 << 20

    private static func fileSize(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// Before the first write, SQLite's `quick_check` walks every page of every table and
    /// index: writing into a damaged b-tree spreads the damage, so a writer refuses a store
    /// that fails it (exit 4) and `tidings verify` says what is wrong.
    private static func checkStructure(_ reader: any DatabaseReader, path: String) throws(StoreError) {
        let problems: [String]
        do {
            problems = try reader.read { db in try integrityProblems(db, pragma: "quick_check", limit: 5) }
        } catch {
            throw StoreError(classifying: error, doing: "checking the store", path: path)
        }
        if !problems.isEmpty {
            throw StoreError(.corrupt, "the store \(path) is damaged (\(problems.joined(separator: "; "))); run `tidings verify --store \(path)` to see what is wrong, and restore it from a backup")
        }
    }

    private static func prepareForWriting(_ pool: DatabasePool, path: String) throws(StoreError) {
        do {
            try pool.read { db in
                if try SQLiteSchema.migrator.hasBeenSuperseded(db) {
                    throw StoreError(.newerSchema, "the store at \(path) was written by a newer Tidings; upgrade Tidings to use it")
                }
            }
            try SQLiteSchema.migrator.migrate(pool)
            // GRDB sets synchronous=NORMAL when it enables WAL; WAL with NORMAL can lose
            // acknowledged commits on power loss, and we delete inbox files on commit.
            // Checkpoints run beside the writer, not inside its commits: see WALCheckpointer.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -16384") }
        } catch {
            throw StoreError(classifying: error, doing: "preparing it for writing", path: path)
        }
    }

    private func checkSchemaIsCurrent() throws(StoreError) {
        do {
            try pool.read { db in
                if try SQLiteSchema.migrator.hasBeenSuperseded(db) {
                    throw StoreError(.newerSchema, "the store at \(path) was written by a newer Tidings; upgrade Tidings to read it")
                }
                if try !SQLiteSchema.migrator.hasCompletedMigrations(db) {
                    throw StoreError(.cannotOpen, "the store at \(path) needs an upgrade; run `tidings ingest --store \(path)` once (with no files) to upgrade it")
                }
            }
        } catch {
            throw StoreError(classifying: error, doing: "reading the schema", path: path)
        }
    }

    /// The writer connection's `PRAGMA synchronous` (2 is FULL).
    package func writerSynchronousSetting() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }
}
