import Logging
import Systemd

/// Where and how the daemon's logs go (`--log-format`).
package enum LogFormat: String, Sendable, CaseIterable {
    /// Native journald entries with `TIDINGS_*` fields.
    case journald
    /// Human-readable lines on standard error.
    case text
    /// One JSON object per line on standard error.
    case json

    /// journald when standard error is the journal (a systemd service), else text.
    package static var automatic: LogFormat { JournaldLogHandler.standardErrorIsJournal() ? .journald : .text }

    /// Installs this format for the whole process; call once, before the first log.
    package func bootstrap() {
        LoggingSystem.bootstrap { label in
            switch self {
            case .journald: JournaldLogHandler(label: label)
            case .text: TextLogHandler(label: label)
            case .json: JSONLogHandler(label: label)
            }
        }
    }
}
