import Foundation

/// What `tidings status` shows of a running daemon, without systemd: the daemon rewrites
/// it every second beside its store (``path(forStore:)``), and the command reads it.
package struct DaemonStatusReport: Codable, Sendable, Equatable {
    /// The daemon's process: `tidings status` checks that it still runs.
    package var pid: Int32
    package var version: Int = Self.formatVersion
    /// When the daemon started and when it last wrote this report: ISO 8601, UTC.
    package var startedAt: String
    package var updatedAt: String
    package var inbox: String
    package var store: String
    /// Files waiting in the inbox.
    package var backlog: Int
    /// Why commits are paused (a full disk, a busy store, I/O errors), while they are.
    package var commitsPaused: String?
    /// When this run last committed a batch.
    package var lastCommitAt: String?
    /// Over the whole store.
    package var stored: Int
    package var duplicates: Int
    package var rejected: Int
    /// Stored articles not yet searchable.
    package var searchBacklog: Int?
    /// This run's outcomes by kind (`new`, `duplicate`, …).
    package var thisRun: [String: Int]
    /// The line `systemctl status` shows.
    package var statusLine: String
    /// Where the metrics are served (`HOST:PORT`), when `metrics.listen` is set.
    package var metricsAddress: String?

    /// Bumped if a field changes meaning, so an older `tidings status` can say so.
    package static let formatVersion = 1

    package init(
        pid: Int32, startedAt: String, updatedAt: String, inbox: String, store: String, backlog: Int, commitsPaused: String?,
        lastCommitAt: String?, stored: Int, duplicates: Int, rejected: Int, searchBacklog: Int?, thisRun: [String: Int],
        statusLine: String, metricsAddress: String?
    ) {
        self.pid = pid
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.inbox = inbox
        self.store = store
        self.backlog = backlog
        self.commitsPaused = commitsPaused
        self.lastCommitAt = lastCommitAt
        self.stored = stored
        self.duplicates = duplicates
        self.rejected = rejected
        self.searchBacklog = searchBacklog
        self.thisRun = thisRun
        self.statusLine = statusLine
        self.metricsAddress = metricsAddress
    }

    /// Where the daemon using `store` writes its report: beside the store, which is the
    /// daemon's own directory (systemd's StateDirectory), so one report per store.
    package static func path(forStore store: String) -> String { store + ".status.json" }

    package func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    package static func decode(_ bytes: [UInt8]) throws -> DaemonStatusReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(DaemonStatusReport.self, from: Data(bytes))
    }
}
