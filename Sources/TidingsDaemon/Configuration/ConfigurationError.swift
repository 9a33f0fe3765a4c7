/// A configuration that cannot be used: a missing file, a malformed file, a bad value.
/// The message names the file or key and what to change.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package let message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
