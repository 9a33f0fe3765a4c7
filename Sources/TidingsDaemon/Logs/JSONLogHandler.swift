import LinuxSystem
import Logging
import Systemd
import TidingsCore

/// A swift-log handler that writes one JSON object per line on standard error
/// (`--log-format=json`), for log shippers: `time`, `level`, `message`, then the metadata,
/// with numbers and booleans as JSON numbers and booleans.
package struct JSONLogHandler: LogHandler {
    /// The process's ``LogThreshold`` unless a level was set on this handler.
    package var logLevel: Logger.Level {
        get { ownLevel ?? LogThreshold.process.level }
        set { ownLevel = newValue }
    }
    private var ownLevel: Logger.Level?
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?

    package init(label: String) {}

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        StandardError.write(Self.line(for: event, metadata: Logger.Metadata.merged(metadata, metadataProvider, event)) + "\n")
    }

    /// The JSON object for one event, on one line.
    static func line(for event: LogEvent, metadata: Logger.Metadata) -> String {
        let fields: [(String, JSONValue)] = [
            ("time", .string(Timestamp.now())), ("level", .string(event.level.rawValue)), ("message", .string(event.message.description)),
        ]
        let reserved = Set(fields.map(\.0))
        let extra = metadata.keys.sorted().filter { !reserved.contains($0) }.map { ($0, Self.json(metadata[$0]!)) }
        return JSONValue.object(fields + extra).rendered
    }

    /// A metadata value as JSON: integers, floating-point numbers and booleans keep their
    /// type; everything else is its text.
    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as any BinaryInteger: return .int(Int64(clamping: number))
            case let number as Double: return .double(number)
            case let flag as Bool: return .bool(flag)
            default: return .string(convertible.description)
            }
        case .array(let values): return .array(values.map(json))
        case .dictionary(let members): return .object(members.keys.sorted().map { ($0, json(members[$0]!)) })
        }
    }
}
