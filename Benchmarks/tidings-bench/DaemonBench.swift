import ArgumentParser
import Foundation
import Glibc

/// Drop-to-commit latency of `tidings run` at a steady rate, and its sustained rate under
/// a burst. Files are delivered the documented way (written aside, renamed in); a file's
/// latency runs from its rename into the inbox to its disposal, which the daemon does right
/// after the batch holding it is committed (``CommitClock``).
struct DaemonBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon", abstract: "Measure drop-to-commit latency and burst throughput of tidings run.")

    @Option(help: "Files per second in the steady phase.")
    var rate = 200

    @Option(help: "Seconds the steady phase lasts.")
    var seconds = 15

    @Option(help: "Files dropped at once in the burst phase.")
    var burst = 3000

    @Option(help: "Where the inbox and the store are made.")
    var directory = ".bench/daemon"

    func run() async throws {
        let root = try BenchDaemon.freshDirectory(directory)
        var generator = CorpusGenerator(seed: 7, originals: rate * seconds + burst, copyShare: 0)
        let files = generator.generate()
        for file in files { try Data(file.bytes).write(to: URL(fileURLWithPath: root + "/staging/" + file.name)) }
        // The set-up's writes (the staged files, and the deletion of the previous run's
        // folder by freshDirectory) go to the disk before the clock starts, not during
        // the steady phase.
        sync()

        let commits = try CommitClock(inbox: root + "/inbox")
        let daemon = try BenchDaemon.start(root: root)
        var stopped = false
        defer { if !stopped { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() } }
        try await Task.sleep(for: .seconds(1))

        // Steady phase.
        let steady = files.prefix(rate * seconds).map(\.name)
        let interval = Duration.nanoseconds(1_000_000_000 / rate)
        let clock = ContinuousClock()
        var next = clock.now
        var dropped: [String: ContinuousClock.Instant] = [:]
        for name in steady {
            try await Task.sleep(until: next, clock: clock)
            dropped[name] = clock.now
            rename(root + "/staging/" + name, root + "/inbox/" + name)
            next += interval
        }
        let steadyLatencies = try await commits.latencies(of: dropped, timeout: .seconds(120))
        print("daemon, steady \(rate) files/s for \(seconds) s (\(steady.count) files, renamed in): drop-to-commit " + summary(steadyLatencies))

        // Burst phase.
        let burstNames = files.suffix(burst).map(\.name)
        var burstDropped: [String: ContinuousClock.Instant] = [:]
        let start = clock.now
        for name in burstNames {
            burstDropped[name] = clock.now
            rename(root + "/staging/" + name, root + "/inbox/" + name)
        }
        let burstLatencies = try await commits.latencies(of: burstDropped, timeout: .seconds(600))
        let last = burstLatencies.count == burstNames.count ? commits.lastCommit : nil
        if let last {
            let elapsed = seconds(last - start)
            print(String(format: "daemon, burst of %d files: all committed in %.2f s, sustained %.0f files/s; drop-to-commit ", burst, elapsed, Double(burst) / elapsed) + summary(burstLatencies))
        } else {
            print("daemon, burst: only \(burstLatencies.count) of \(burst) files were committed in time")
        }
        commits.stop()
        // VmHWM is the peak of the daemon's own memory; getrusage would report this
        // process's peak too, which Linux hands down across fork and exec.
        let status = (try? String(contentsOfFile: "/proc/\(daemon.processIdentifier)/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        stopped = true
        print(peak.map { String(format: "daemon peak RSS %.0f MiB", $0 / 1024) } ?? "daemon peak RSS unknown (no /proc)")
    }

    private func summary(_ latencies: [Duration]) -> String {
        guard !latencies.isEmpty else { return "no files committed" }
        let sorted = latencies.sorted()
        func at(_ p: Double) -> String { String(format: "%.1f ms", seconds(sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]) * 1000) }
        return "p50 \(at(0.5)), p99 \(at(0.99)), max \(at(1))"
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
