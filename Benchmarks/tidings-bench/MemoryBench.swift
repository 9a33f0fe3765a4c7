import ArgumentParser
import Foundation
import Glibc

/// The peak memory of `tidings run` — the daemon and its parse workers together, as the
/// service's cgroup counts it — while it takes the largest inputs the default limits allow,
/// all at once: the figure the unit's `MemoryHigh=`/`MemoryMax=` are set from.
struct MemoryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "Peak memory of tidings run and its parse workers on the largest inputs allowed.")

    @Option(help: "How many large files to drop at once.")
    var files = 24

    @Option(help: "Where the inbox and the store are made.")
    var directory = ".bench/memory"

    func run() async throws {
        let root = try BenchDaemon.freshDirectory(directory)
        // Just under the 10 MiB file limit, of the kinds that cost the most memory per byte.
        let size = 10 * 1024 * 1024 - 4096
        // Each file differs from the others (its number is in every paragraph), so that every
        // one is parsed, fingerprinted and stored rather than recognised as a copy.
        let kinds: [(name: String, make: (Int, Int) -> [UInt8])] = [
            ("prose.txt", { index, bytes in
                HostileBench.repeated("Headline \(index)\n\nGENEVA (BW) - ", String(repeating: "The council said on Monday that bridge \(index) would close, and buses would run. ", count: 5) + "\n\n", to: bytes)
            }),
            ("page.html", { index, bytes in
                HostileBench.repeated("<html><body><article>", "<p>The council said on Monday that bridge \(index) would close, and buses would run.</p>\n", to: bytes)
            }),
            ("expanders.txt", { _, bytes in HostileBench.repeated("Headline\n\n", String(repeating: "\u{FDFA} ", count: 100) + "\n", to: bytes) }),
            ("generated.html", { index, bytes in Array(AdversarialPage.make(seed: UInt64(index), bytes: bytes).prefix(bytes)) }),
        ]
        for index in 0..<files {
            let kind = kinds[index % kinds.count]
            try Data(kind.make(index, size)).write(to: URL(fileURLWithPath: "\(root)/staging/\(index)-\(kind.name)"))
        }
        let daemon = try BenchDaemon.start(root: root)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() } }
        try await Task.sleep(for: .seconds(1))

        let sampler = MemorySampler(root: daemon.processIdentifier)
        let start = ContinuousClock.now
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/staging") {
            rename(root + "/staging/" + name, root + "/inbox/" + name)
        }
        while ContinuousClock.now - start < .seconds(900) {
            let waiting = (try? FileManager.default.contentsOfDirectory(atPath: root + "/inbox")) ?? []
            let claimed = (try? FileManager.default.contentsOfDirectory(atPath: root + "/inbox/.tidings-claimed")) ?? []
            if waiting.allSatisfy({ $0.hasPrefix(".") }) && claimed.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let elapsed = ContinuousClock.now - start
        let peak = sampler.stop()
        print(String(format: "memory: %d files of 10 MiB dropped at once (prose, a page, NFKC expanders, a generated page), all taken in %.1f s",
                     files, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        print("memory: outcomes \(Self.outcomes(root + "/store.sqlite"))")
        print(String(format: "memory: peak RSS of the daemon %.0f MiB, of its workers together %.0f MiB, of all together %.0f MiB",
                     Double(peak.daemon) / 1_048_576, Double(peak.workers) / 1_048_576, Double(peak.total) / 1_048_576))
    }
}

extension MemoryBench {
    /// How many files had each outcome, and why the rejected ones were rejected.
    static func outcomes(_ store: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [store, "SELECT outcome || coalesce(' (' || substr(reason, 1, 40) || ')', '') AS o, count(*) FROM journal GROUP BY o"]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "unknown (no sqlite3)" }
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").joined(separator: "; ")
    }
}

/// Samples the resident memory of a process and its children every 20 ms, keeping the peaks.
final class MemorySampler: @unchecked Sendable {
    private let root: Int32
    private let lock = NSLock()
    private var running = true
    private var peak = (daemon: 0, workers: 0, total: 0)

    init(root: Int32) {
        self.root = root
        Thread { [self] in
            while lock.withLock({ running }) {
                let daemon = Self.resident(root)
                let workers = Self.children(of: root).map(Self.resident).reduce(0, +)
                lock.withLock { peak = (max(peak.daemon, daemon), max(peak.workers, workers), max(peak.total, daemon + workers)) }
                usleep(20_000)
            }
        }.start()
    }

    func stop() -> (daemon: Int, workers: Int, total: Int) {
        lock.withLock {
            running = false
            return peak
        }
    }

    static func resident(_ pid: Int32) -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    static func children(of parent: Int32) -> [Int32] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }
}
