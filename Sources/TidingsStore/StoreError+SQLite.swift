import Foundation
import LinuxSystem
import GRDB

extension StoreError {
    /// Classifies what SQLite reported while `doing` something to the store at `path`, so
    /// callers can tell a full disk (wait for space) from a busy store (wait for the other
    /// writer), an I/O error (reopen, and give up after a budget) and damage (stop).
    package init(classifying error: any Error, doing: String, path: String) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self.init(.database, "\(doing) failed on the store at \(path)", cause: error)
            return
        }
        // SQLite reports ENOSPC as an I/O error where it cannot tell (growing the shared-memory
        // index as it opens, for one); the filesystem can.
        if error.resultCode == .SQLITE_FULL || (error.resultCode == .SQLITE_IOERR && Self.filesystemIsFull(holding: path)) {
            self.init(.diskFull, "the disk holding the store \(path) is full; free space there", cause: error)
            return
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self.init(.busy, "the store \(path) stayed locked by another process for longer than the busy timeout while \(doing)", cause: error)
        case .SQLITE_IOERR:
            self.init(.ioError, "an I/O error on the store \(path) while \(doing)\(Self.ioDetail(error.extendedResultCode))", cause: error)
        case .SQLITE_CORRUPT:
            self.init(.corrupt, "the store \(path) is damaged; run `tidings verify --store \(path)` to see what is wrong, and restore it from a backup", cause: error)
        case .SQLITE_NOTADB:
            self.init(.corrupt, "\(path) is not an SQLite database, or its header is damaged; check the path, or restore the store from a backup", cause: error)
        default:
            self.init(.database, "\(doing) failed on the store at \(path)", cause: error)
        }
    }

    /// Whether the filesystem holding `path` has no block left for this process.
    private static func filesystemIsFull(holding path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        return FileSystem.isFull(holding: directory.isEmpty ? "." : directory)
    }

    /// Which system call failed, for the extended I/O error codes an operator can act on.
    private static func ioDetail(_ code: ResultCode) -> String {
        switch code {
        case .SQLITE_IOERR_FSYNC, .SQLITE_IOERR_DIR_FSYNC: " (fsync failed)"
        case .SQLITE_IOERR_WRITE: " (write failed)"
        case .SQLITE_IOERR_READ, .SQLITE_IOERR_SHORT_READ: " (read failed)"
        case .SQLITE_IOERR_TRUNCATE: " (truncate failed)"
        case .SQLITE_IOERR_NOMEM: " (out of memory)"
        default: ""
        }
    }
}
