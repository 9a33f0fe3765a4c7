/// Why a file was not stored as an article.
///
/// A rejection is an outcome, not a failure of Tidings: the file is journaled as `rejected`
/// with ``message`` as its reason, and the daemon moves it to the rejected directory.
package struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable kind of rejection.
    package enum Code: String, Sendable, CaseIterable {
        case empty
        case tooLarge = "too_large"
        case notText = "not_text"
        case invalidEncoding = "invalid_encoding"
        case lineTooLong = "line_too_long"
        case tooDeep = "too_deep"
        /// A file that needs more than its budget (CPU time, memory) or has a shape no
        /// article has (more elements or attributes than any page).
        case tooComplex = "too_complex"
        case invalidJSON = "invalid_json"
        case unsupportedFormat = "unsupported_format"
        case noBody = "no_body"
        case notRegularFile = "not_regular_file"
        /// A file the inbox must not take: hard-linked, the service's own, or an XML
        /// document that declares entities (a bomb or an external-entity read).
        case refused
        case unreadable
        /// The parser crashed on the file (in a worker process: the daemon goes on).
        case parserCrashed = "parser_crashed"
        /// The daemon stopped (a crash, a kill, its watchdog) each of the last times it was
        /// reading the file, so the file is quarantined unread.
        case attemptsExhausted = "attempts_exhausted"
    }

    package let code: Code
    /// A sentence a person can act on, e.g. `not text (NUL byte at offset 17)`.
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
