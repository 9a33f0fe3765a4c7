import Foundation
import TidingsTesting

/// The built `tidings` executable, run as a user runs it.
enum TidingsBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        var lines: [String] { stdout.split(separator: "\n").map(String.init) }

        /// Each stdout line parsed as a JSON object.
        var jsonLines: [[String: Any]] {
            lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    /// Variables by which systemd talks to a service: never passed on to the binary, which
    /// would otherwise notify or log to whatever the test process was started with.
    static let systemdVariables: Set = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"]

    /// Next to the test bundle in `.build/<configuration>/`.
    static let url: URL = BuiltBinaries.tidings

    /// Runs `tidings arguments…` to completion. Output goes through files, so a large
    /// output cannot fill a pipe and stall the child.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL = Fixtures.root) throws -> Result {
        let scratch = TemporaryDirectory("tidings-run")
        let out = URL(fileURLWithPath: scratch.path("stdout")), err = URL(fileURLWithPath: scratch.path("stderr"))
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // No configuration from the machine running the tests leaks in.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIDINGS_") && !TidingsBinary.systemdVariables.contains($0.key) }
        env["TIDINGS_CONFIG"] = Fixtures.root.appendingPathComponent("config/tidings.yaml").path
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
