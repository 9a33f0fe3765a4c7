import Glibc
import LinuxSystem
import Logging
import ServiceLifecycle
import SystemPackage
import TidingsCore
import TidingsStore

/// Reports the daemon's state outside systemd, once a second: the metrics' gauges are
/// brought up to date, the status report beside the store is rewritten for `tidings
/// status`, and, when `metrics.textfile` names one, the metrics file for node_exporter's
/// textfile collector. Files are replaced whole (written aside, then renamed), so a reader
/// never sees half of one; they are not fsynced: losing one in a crash costs nothing.
package final class ReportService: Service {
    private let state: DaemonState
    /// Files waiting, over every inbox.
    private let backlog: @Sendable () -> Int
    private let writer: StoreWriter
    private let inbox: String
    private let statusLine: @Sendable () -> String
    private let threads: BlockingThreads
    private let clock: any DaemonClock
    private let logger: Logger
    private let metricsAddress: String?

    package init(
        state: DaemonState, backlog: @escaping @Sendable () -> Int, writer: StoreWriter, inbox: String, statusLine: @escaping @Sendable () -> String,
        threads: BlockingThreads, clock: any DaemonClock, logger: Logger, metricsAddress: String? = nil
    ) {
        self.metricsAddress = metricsAddress
        self.state = state
        self.backlog = backlog
        self.writer = writer
        self.inbox = inbox
        self.statusLine = statusLine
        self.threads = threads
        self.clock = clock
        self.logger = logger
    }

    package func run() async throws {
        var failing: Set<String> = []
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await report(failing: &failing)
            do { try await cancelWhenGracefulShutdown { try await self.clock.sleep(until: self.clock.now + Self.interval) } } catch { break }
        }
        // Gone with the daemon: a report left behind would describe a daemon that is not there.
        _ = Glibc.unlink(DaemonStatusReport.path(forStore: state.settings.storePath))
    }

    package static let interval = Duration.seconds(1)

    /// Updates the gauges and rewrites the files; a file that cannot be written is logged
    /// once (in `failing`) until it can be again.
    package func report(failing: inout Set<String>) async {
        let (state, writer, backlog, inbox, statusLine, metricsAddress) = (self.state, self.writer, self.backlog, self.inbox, self.statusLine, self.metricsAddress)
        let textfile = state.settings.metricsTextfile
        let failures: [String: String]
        do {
            failures = try await threads.onWorker {
                let metrics = state.metrics
                let waiting = backlog()
                let paused = writer.problem
                let searchBacklog = try? writer.openStore?.searchBacklog()
                metrics.update(
                    backlog: waiting, commitsPaused: paused != nil,
                    storeBytes: (FileSystem.size(of: writer.path) ?? 0) + (FileSystem.size(of: writer.path + "-wal") ?? 0),
                    searchBacklog: searchBacklog)
                let (stored, duplicates, rejected) = state.totals
                let report = DaemonStatusReport(
                    pid: getpid(), startedAt: state.startedAt, updatedAt: Timestamp.now(), inbox: inbox, store: writer.path,
                    backlog: waiting, commitsPaused: paused, lastCommitAt: state.lastCommitAt, stored: stored,
                    duplicates: duplicates, rejected: rejected, searchBacklog: searchBacklog,
                    thisRun: Dictionary(uniqueKeysWithValues: state.countsThisRun.map { ($0.key.rawValue, $0.value) }),
                    statusLine: statusLine(), metricsAddress: metricsAddress)
                var failures: [String: String] = [:]
                // Beside store.path whichever store is used: `tidings status` looks there.
                let statusPath = DaemonStatusReport.path(forStore: state.settings.storePath)
                do { try Self.replace(statusPath, with: try report.encoded(), permissions: nil) } catch { failures[statusPath] = "\(error)" }
                if !textfile.isEmpty {
                    // node_exporter runs as a user of its own: the metrics are no secret.
                    do { try Self.replace(textfile, with: metrics.render(), permissions: [.ownerReadWrite, .groupRead, .otherRead]) }
                    catch { failures[textfile] = "\(error)" }
                }
                return failures
            }
        } catch {
            return  // the threads are shutting down
        }
        for (path, why) in failures where !failing.contains(path) {
            logger.warning("cannot write \(path): \(why); retrying every second", metadata: ["path": .string(path)])
        }
        failing = Set(failures.keys)
    }

    /// The temporary name is a dot-name that does not end in `.prom`, so the textfile
    /// collector never reads it.
    private static func replace(_ path: String, with bytes: [UInt8], permissions: FilePermissions?) throws {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let directory = path.hasPrefix("/") || path.contains("/") ? String(path.dropLast(name.count)) : ""
        try FileSystem.replace(path, with: bytes, temporary: directory + "." + name + ".tmp", permissions: permissions, durable: false)
    }
}
