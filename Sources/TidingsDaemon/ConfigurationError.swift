/// A configuration that cannot be used: a missing file, a malformed file, a bad value.
/// The message names the file or key and what to change.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
