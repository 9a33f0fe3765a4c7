import Foundation

/// Where the value of a setting came from, in increasing precedence.
package enum SettingSource: Sendable, Equatable, CustomStringConvertible {
    /// Nothing set it: the built-in default.
    case builtIn
    /// The YAML file at this path.
    case file(String)
    /// This `TIDINGS_…` environment variable.
    case environment(String)
    /// A command-line flag (`--store`).
    case commandLine

    package var description: String {
        switch self {
        case .builtIn: "default"
        case .file(let path): "file \(path)"
        case .environment(let variable): "environment \(variable)"
        case .commandLine: "command line"
        }
    }

    /// The environment variable that sets `key`: upper-cased, dots as underscores, with the
    /// `TIDINGS_` prefix (`parser.max_file_bytes` → `TIDINGS_PARSER_MAX_FILE_BYTES`).
    package static func environmentVariable(for key: String) -> String {
        "TIDINGS_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}
