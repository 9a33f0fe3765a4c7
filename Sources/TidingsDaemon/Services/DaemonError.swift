/// Why the daemon cannot start or cannot go on, with what to do about it.
package struct DaemonError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable {
        /// A directory is missing, unwritable, or on the wrong filesystem (exit 2).
        case setup
        /// The inbox was deleted, moved or unmounted while watched (exit 1, so a service
        /// manager restarts Tidings once it is back).
        case inboxGone
        /// The inbox could not be watched or listed.
        case watch
        /// Commits kept failing with I/O errors beyond `store.max_consecutive_failures`
        /// (exit 1, so a service manager restarts Tidings).
        case storeFailed
    }

    package let code: Code
    package let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
