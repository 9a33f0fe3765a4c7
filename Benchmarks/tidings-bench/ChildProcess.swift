import Foundation
import Glibc

/// Runs a program to completion with its standard output in a file, and reports what it
/// cost: wall time and peak resident memory.
///
/// The peak is read by GNU `time` (Debian's `time`, from `scripts/install-deps`), which runs
/// the program as its own child: Linux gives a process that `exec`s the peak RSS of the
/// memory it replaced, so a child spawned straight from this process would report this
/// process's peak (the corpus held in memory) when its own is lower.
struct ChildProcess {
    struct Result {
        let status: Int32
        let seconds: Double
        let peakRSSMiB: Double
    }

    static func run(_ executable: String, _ arguments: [String], stdout path: String) throws -> Result {
        let peakFile = path + ".peak-kib"
        let timed = try spawn("/usr/bin/time", ["-f", "%M", "-o", peakFile, executable] + arguments, stdout: path)
        let kib = Double((try? String(contentsOfFile: peakFile, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? "") ?? 0
        return Result(status: timed.status, seconds: timed.seconds, peakRSSMiB: kib / 1024)
    }

    private static func spawn(_ executable: String, _ arguments: [String], stdout path: String) throws -> Result {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let start = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSLocalizedDescriptionKey: "cannot run \(executable): \(String(cString: strerror(spawned)))"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        return Result(
            status: (status >> 8) & 0xFF,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            peakRSSMiB: 0)
    }
}
