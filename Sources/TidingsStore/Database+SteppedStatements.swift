import GRDB
import GRDBSQLite

extension Database {
    /// The error a statement stepped through SQLite's C API ended with, as GRDB reports its
    /// own, after resetting the statement so that it can run again (the writer's hottest
    /// statements bypass GRDB's cursors: see `SQLiteCandidateSource`).
    func failure(of handle: SQLiteStatement, code: Int32) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(sqliteConnection))
        sqlite3_reset(handle)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }
}
