import Foundation
import Glibc

/// Runs a program to completion with its standard output in a file, and reports what it
/// cost: wall time and peak resident memory (from `wait4`, so it is that process's own).
struct ChildProcess {
    struct Result {
        let status: Int32
        let seconds: Double
        let peakRSSMiB: Double
    }

    static func run(_ executable: String, _ arguments: [String], stdout path: String) throws -> Result {
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
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        return Result(
            status: (status >> 8) & 0xFF,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            peakRSSMiB: Double(usage.ru_maxrss) / 1024)
    }
}
