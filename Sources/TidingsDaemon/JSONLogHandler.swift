import Foundation
import Logging
import Systemd
import TidingsCore

/// A swift-log handler that writes one JSON object per line on standard error
/// (`--log-format=json`), for log shippers: `time`, `level`, `message`, then the metadata.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String) {}

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = Logger.Metadata.merged(metadata, metadataProvider, event)
        var object: [String: Any] = [:]
        for (key, value) in all { object[key] = "\(value)" }
        object["time"] = Timestamp.now()
        object["level"] = event.level.rawValue
        object["message"] = event.message.description
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(0x0A)
        StandardError.write(line)
    }
}
