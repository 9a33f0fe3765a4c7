import Logging

/// How a log event becomes journald fields: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`,
/// `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`, `MESSAGE_ID` (``MessageID``), and each other
/// metadata key as `TIDINGS_<KEY>`.
///
/// Field names may hold only `A-Z`, `0-9` and `_`, may not start with `_` or a digit, and
/// are at most 64 characters; metadata keys are escaped to fit.
package enum JournalFields {
    /// The prefix of every field made from metadata.
    package static let metadataPrefix = "TIDINGS_"

    /// The syslog priority of a level (journald's `PRIORITY`).
    package static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The journald field for a metadata key: `duplicate_of` → `TIDINGS_DUPLICATE_OF`,
    /// `moved-to.path` → `TIDINGS_MOVED_TO_PATH`.
    package static func fieldName(forMetadataKey key: String) -> String {
        var name = metadataPrefix
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9", "_": name.unicodeScalars.append(scalar)
            default: name.append("_")
            }
        }
        return String(name.prefix(64))
    }

    /// All the fields of one event, in a stable order.
    package static func fields(
        message: String, level: Logger.Level, metadata: Logger.Metadata, identifier: String,
        file: String, function: String, line: UInt
    ) -> [(name: String, value: String)] {
        var fields: [(String, String)] = [
            ("MESSAGE", message),
            ("PRIORITY", String(priority(of: level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("CODE_FILE", file),
            ("CODE_LINE", String(line)),
            ("CODE_FUNC", function),
        ]
        for key in metadata.keys.sorted() {
            let name = key == MessageID.metadataKey ? "MESSAGE_ID" : fieldName(forMetadataKey: key)
            fields.append((name, text(metadata[key]!)))
        }
        return fields
    }

    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }
}
