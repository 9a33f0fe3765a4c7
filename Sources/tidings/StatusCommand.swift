import ArgumentParser
import Foundation
import Glibc
import LinuxSystem
import SystemPackage
import TidingsCore
import TidingsDaemon

/// `tidings status`: the running daemon's state, from the report it rewrites every second
/// beside its store; for scripts and health checks, with or without systemd.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running daemon's state: backlog, last commit, counts, paused or not.",
        discussion: """
            Reads the report the daemon on this store rewrites every second (STORE.status.json). Exits 0 \
            when the daemon runs and reported within the last 10 seconds, 1 when it does not run or has \
            stopped reporting (the reason is printed). Commits paused (a full disk, a busy store) still \
            exit 0: the daemon is alive and waiting; `commits_paused` says why.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print one JSON object: state (running, stale, gone, stopped) and the daemon's report.")
    var json = false

    /// A report older than this means the daemon stopped reporting.
    static let staleAfterSeconds = 10

    func run() async throws {
        let store = try await options.settings().storePath
        let path = DaemonStatusReport.path(forStore: store)
        let bytes: [UInt8]
        do { bytes = try FileSystem.contents(of: path) } catch {
            if error.errno == .noSuchFileOrDirectory {
                return try finish("stopped", nil, "no daemon is running on \(store) (it writes \(path) while it runs)")
            }
            throw CommandFailure("cannot read \(path): \(error.errno.description.lowercased()); run as root or as the user the daemon runs as")
        }
        guard let report = try? DaemonStatusReport.decode(bytes) else {
            return try finish("stale", nil, "\(path) is not a status report this tidings understands")
        }
        if kill(report.pid, 0) != 0 && errno == ESRCH {
            return try finish("gone", report, "the daemon that wrote \(path) (pid \(report.pid)) is gone; it stopped without cleaning up, last report \(report.updatedAt)")
        }
        let age = FileSystem.status(path: path).map { Int(Date().timeIntervalSince1970) - $0 } ?? 0
        if age > Self.staleAfterSeconds {
            return try finish("stale", report, "the daemon (pid \(report.pid)) has not reported for \(age) s; it may be stuck (its watchdog restarts it under systemd)")
        }
        try finish("running", report, nil)
    }

    /// Prints the state and the report; throws exit 1 unless the daemon runs.
    private func finish(_ state: String, _ report: DaemonStatusReport?, _ problem: String?) throws {
        if json {
            print(JSONValue.object([("state", .string(state)), ("problem", .string(problem))] + (report.map(Self.fields) ?? [])).rendered)
        } else if let report, problem == nil {
            print(Self.describe(report))
        }
        if let problem {
            printError(problem)
            throw ExitCode(ExitStatus.failure)
        }
    }

    private static func describe(_ report: DaemonStatusReport) -> String {
        let p = Presentation.printable
        let commits = report.commitsPaused.map { "PAUSED: \(p($0))" } ?? "ok, " + (report.lastCommitAt.map { "last at \($0)" } ?? "none yet this run")
        let run = report.thisRun.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var rows: [(String, String)] = [
            ("running", "pid \(report.pid), since \(report.startedAt)"),
            ("inbox", "\(p(report.inbox)) · backlog \(report.backlog)"),
            ("store", "\(p(report.store)) · \(report.stored) stored · \(report.duplicates) duplicates · \(report.rejected) rejected"
                + (report.searchBacklog.map { " · \($0) not yet searchable" } ?? "")),
            ("commits", commits),
            ("this run", run.isEmpty ? "nothing yet" : run),
        ]
        if let address = report.metricsAddress { rows.append(("metrics", "http://\(address)/metrics")) }
        return rows.map { $0.0.padding(toLength: 9, withPad: " ", startingAt: 0) + " " + $0.1 }.joined(separator: "\n")
    }

    /// The report's fields under their snake_case names.
    private static func fields(_ report: DaemonStatusReport) -> [(String, JSONValue)] {
        [
            ("pid", .int(Int64(report.pid))), ("started_at", .string(report.startedAt)), ("updated_at", .string(report.updatedAt)),
            ("inbox", .string(report.inbox)), ("store", .string(report.store)), ("backlog", .int(report.backlog)),
            ("commits_paused", .string(report.commitsPaused)), ("last_commit_at", .string(report.lastCommitAt)),
            ("stored", .int(report.stored)), ("duplicates", .int(report.duplicates)), ("rejected", .int(report.rejected)),
            ("search_backlog", .int(report.searchBacklog)),
            ("this_run", .object(report.thisRun.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("status_line", .string(report.statusLine)), ("metrics_address", .string(report.metricsAddress)),
        ]
    }
}

private extension FileSystem {
    /// The file's modification time in seconds since the epoch.
    static func status(path: String) -> Int? {
        (try? FileSystem.status(path)).map { Int($0.st_mtim.tv_sec) }
    }
}
