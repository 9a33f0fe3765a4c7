import CSystemd
import LinuxSystem
import SystemPackage
import Logging

/// A swift-log handler that writes native journald entries with `sd_journal_sendv(3)`, so
/// `journalctl TIDINGS_OUTCOME=near-duplicate` can select on the values an event carries.
/// (`sd_journal_send` is variadic and cannot be called from Swift.)
package struct JournaldLogHandler: LogHandler {
    /// The process's ``LogThreshold`` unless a level was set on this handler.
    package var logLevel: Logger.Level {
        get { ownLevel ?? LogThreshold.process.level }
        set { ownLevel = newValue }
    }
    private var ownLevel: Logger.Level?
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    let identifier: String

    package init(label: String, identifier: String = "tidings", metadataProvider: Logger.MetadataProvider? = nil) {
        self.identifier = identifier
        self.metadataProvider = metadataProvider
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let all = Logger.Metadata.merged(metadata, metadataProvider, event)
        let fields = JournalFields.fields(
            message: event.message.description, level: event.level, metadata: all, identifier: identifier,
            file: event.file, function: event.function, line: event.line)
        Self.send(fields)
    }

    /// Each field as one `NAME=value` iovec into one buffer; values may hold newlines.
    static func send(_ fields: [(name: String, value: String)]) {
        var bytes: [UInt8] = []
        var ranges: [(start: Int, count: Int)] = []
        for field in fields {
            let encoded = Array((field.name + "=" + field.value).utf8)
            ranges.append((bytes.count, encoded.count))
            bytes += encoded
        }
        bytes.withUnsafeMutableBytes { raw in
            var vectors = ranges.map { iovec(iov_base: raw.baseAddress! + $0.start, iov_len: $0.count) }
            _ = sd_journal_sendv(&vectors, Int32(vectors.count))
        }
    }

    /// Whether standard error is connected to the journal (`JOURNAL_STREAM` names its
    /// device and inode), which is how systemd runs a service's output by default.
    package static func standardErrorIsJournal(environment: [String: String] = ProcessEnvironment.current) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]),
              let status = try? FileDescriptor.standardError.stat() else { return false }
        return UInt64(status.deviceID.rawValue) == device && UInt64(status.inode.rawValue) == inode
    }
}

extension Logger.Metadata {
    /// A handler's metadata, then its provider's, then the event's own, later ones winning:
    /// what every log handler writes for an event.
    package static func merged(_ handler: Logger.Metadata, _ provider: Logger.MetadataProvider?, _ event: LogEvent) -> Logger.Metadata {
        var all = handler
        if let provided = provider?.get() { all.merge(provided) { $1 } }
        if let own = event.metadata { all.merge(own) { $1 } }
        return all
    }
}
