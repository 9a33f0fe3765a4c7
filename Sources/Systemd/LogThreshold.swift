import Logging
import Synchronization

/// The least severe level the process logs (`log.level`), shared by every handler so a
/// reload changes it for loggers made before the reload too. A handler whose level was set
/// on it (a library's logger kept at `.warning`) keeps its own.
package final class LogThreshold: Sendable {
    /// The threshold of this process's handlers.
    package static let process = LogThreshold()

    private let index = Atomic<Int>(Logger.Level.allCases.firstIndex(of: .info)!)

    package var level: Logger.Level {
        get { Logger.Level.allCases[index.load(ordering: .relaxed)] }
        set { index.store(Logger.Level.allCases.firstIndex(of: newValue)!, ordering: .relaxed) }
    }
}
