/// A failure to open or use the store, with what to do about it.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// No store at the path (for commands that only read).
        case missing
        /// The path cannot be opened or created.
        case cannotOpen = "cannot_open"
        /// The file is an SQLite database, but not a Tidings store, or not a database at all.
        case foreign
        /// The store is damaged: SQLite found pages or records that do not add up.
        case corrupt
        /// The store was written by a newer Tidings.
        case newerSchema = "newer_schema"
        /// A search query that FTS5 cannot parse.
        case invalidQuery = "invalid_query"
        /// The disk holding the store is full (`SQLITE_FULL`, `ENOSPC`): nothing was written;
        /// the same work succeeds once space is freed.
        case diskFull = "disk_full"
        /// Another process held the store's write lock for longer than the busy timeout.
        case busy
        /// The operating system reported an I/O error on the store (`SQLITE_IOERR`: a failed
        /// write, fsync or read); the transaction was not committed.
        case ioError = "io_error"
        /// The database server cannot be reached (refused, closed, restarting, shut down):
        /// nothing was written; the same work succeeds once it is back.
        case unreachable
        /// Anything else the database reported.
        case database
    }

    package let code: Code
    package let message: String
    /// The underlying error's description, if any.
    package let cause: String?

    package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { String(describing: $0) }
    }

    /// With the cause already put in words (a server's message rather than an error value).
    package init(_ code: Code, _ message: String, describedCause: String) {
        self.code = code
        self.message = message
        self.cause = describedCause
    }

    /// Whether this error says the store file itself cannot be trusted: damaged, or not a
    /// Tidings store. Commands exit with a distinct status for it (4), because retrying or
    /// restarting cannot help; a person must look at the file.
    package var isDamagedStore: Bool { code == .corrupt || code == .foreign }

    package var description: String {
        guard let cause else { return message }
        return "\(message) (\(cause))"
    }
}
