/// A failure to open or use the store, with what to do about it.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No store at the path (for commands that only read).
        case missing
        /// The path cannot be opened or created.
        case cannotOpen = "cannot_open"
        /// The file is an SQLite database, but not a Tidings store, or not a database at all.
        case foreign
        /// The store was written by a newer Tidings.
        case newerSchema = "newer_schema"
        /// A search query that FTS5 cannot parse.
        case invalidQuery = "invalid_query"
        /// Anything else SQLite reported.
        case database
    }

    public let code: Code
    public let message: String
    /// The underlying error's description, if any.
    public let cause: String?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { String(describing: $0) }
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message) (\(cause))"
    }
}
