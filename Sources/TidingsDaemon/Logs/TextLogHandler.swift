import LinuxSystem
import Logging
import Systemd
import TidingsCore

/// A swift-log handler that writes one line per event on standard error
/// (`--log-format=text`): `time level label: key=value … message`. Values and messages quote
/// what producers wrote (file names, reasons), so every control character, line break and
/// bidirectional override in them is escaped (``TerminalText``): one event stays one line,
/// and nothing in it acts on the terminal that shows the log.
package struct TextLogHandler: LogHandler {
    /// The process's ``LogThreshold`` unless a level was set on this handler.
    package var logLevel: Logger.Level {
        get { ownLevel ?? LogThreshold.process.level }
        set { ownLevel = newValue }
    }
    private var ownLevel: Logger.Level?
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    private let label: String

    package init(label: String) { self.label = label }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        StandardError.write(Self.line(for: event, label: label, metadata: Logger.Metadata.merged(metadata, metadataProvider, event)) + "\n")
    }

    static func line(for event: LogEvent, label: String, metadata: Logger.Metadata) -> String {
        let fields = metadata.keys.sorted().map { key in "\(safe(key))=\(safe("\(metadata[key]!)"))" }
        let prefix = "\(Timestamp.now()) \(event.level.rawValue) \(label):"
        return ([prefix] + fields + [safe(event.message.description)]).joined(separator: " ")
    }

    private static func safe(_ text: String) -> String { TerminalText.escaped(text, keepingLineBreaks: false) }
}
