/// What `tidings config check` and `config show` print: every setting with its effective
/// value and source, and every problem found, one per line.
package struct ConfigurationReport: Sendable {
    /// One setting as it is in force.
    package struct Value: Sendable, Equatable {
        /// The dotted key (`dedup.resemblance`).
        package let key: String
        /// The value as a YAML scalar would spell it; a list is comma-separated in brackets.
        package let value: String
        package let source: SettingSource
    }

    /// A reason the configuration cannot be used as it is.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The key concerned; nil for the file as a whole.
        package let key: String?
        /// Where the offending value was set.
        package let source: SettingSource?
        /// The line of the file, when the file set it.
        package let line: Int?
        package let message: String
        /// False for what only `config check` reports: an environment variable with the
        /// `TIDINGS_` prefix that sets nothing (it may belong to another program, so the
        /// daemon does not refuse to start for it).
        package let refusesStart: Bool

        package var description: String {
            var text = key ?? "configuration"
            if let source, source != .builtIn { text += " (\(source)\(line.map { ", line \($0)" } ?? ""))" }
            return text + ": " + message
        }
    }

    /// The configuration file that was read, or would have been.
    package let path: String
    /// Whether that file exists (no file is fine when none was named: defaults apply).
    package let fileExists: Bool
    /// Every setting in key order; empty when the file itself could not be read.
    package let values: [Value]
    package let problems: [Problem]
    /// The settings as read: the defaults stand in for values that have problems.
    package let settings: Settings

    /// Whether the daemon would start with this configuration.
    package var isUsable: Bool { !values.isEmpty && !problems.contains(where: \.refusesStart) }
}
