import CLinuxSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server from Debian's `postgresql` package, started in a temporary
/// directory for one test suite and stopped (its files removed) when released. It listens
/// on a Unix socket in its own directory only, with `trust` authentication for the
/// superuser `tidings`, so tests need no port and no password. As root, the server runs as
/// Debian's `postgres` user (PostgreSQL refuses to run as root).
public final class PostgreSQLServer: @unchecked Sendable {
    public let directory: TemporaryDirectory
    /// The directory holding the server's socket.
    public var socketDirectory: String { directory.path }
    private let dataDirectory: String
    private static let binaries = "/usr/lib/postgresql/15/bin"
    private var databases = 0
    /// TCP addresses it listens on besides its socket (for clients in other network
    /// namespaces), with `trust` for the /16 around each.
    private let addresses: [String]

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case command(String, status: Int32, output: String)
        public var description: String {
            switch self {
            case .notInstalled: "PostgreSQL 15's server is not installed (Debian: apt-get install postgresql; scripts/install-deps --test)"
            case .command(let command, let status, let output): "\(command) exited \(status): \(output)"
            }
        }
    }

    /// Whether the server can be started here.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binaries + "/initdb") }

    public init(listeningOn addresses: [String] = []) throws {
        guard Self.isInstalled else { throw Failure.notInstalled }
        directory = TemporaryDirectory("tidings-pg")
        dataDirectory = directory.path("data")
        self.addresses = addresses
        if getuid() == 0 {
            try Self.run("/bin/chown", ["postgres", directory.path])
        }
        try asServerUser(Self.binaries + "/initdb", ["-D", dataDirectory, "-A", "trust", "-U", "tidings", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        let networks = Set(addresses.map { $0.split(separator: ".").prefix(2).joined(separator: ".") + ".0.0/16" })
        let rules = networks.sorted().map { "host all all \($0) trust\n" }.joined()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/pg_hba.conf"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(rules.utf8))
        try handle.close()
        try start()
    }

    deinit {
        _ = try? stop(mode: "immediate")
    }

    /// Starts the server (again), and returns once it accepts connections.
    public func start() throws {
        try asServerUser(Self.binaries + "/pg_ctl", [
            "-D", dataDirectory, "-l", directory.path("server.log"), "-w", "-t", "120", "start",
            "-o", "-k \(socketDirectory) -c listen_addresses='\(addresses.joined(separator: ","))' -c max_connections=60",
        ])
    }

    /// Stops the server: `fast` rolls back open transactions and closes connections;
    /// `immediate` is a crash, recovered from the log at the next start.
    public func stop(mode: String = "fast") throws {
        try asServerUser(Self.binaries + "/pg_ctl", ["-D", dataDirectory, "-m", mode, "-w", "-t", "120", "stop"])
    }

    /// A new, empty database, and the store URL that names it.
    public func newDatabase() throws -> String {
        databases += 1
        let name = "store\(databases)"
        try psql("CREATE DATABASE \(name)", database: "postgres")
        return url(database: name)
    }

    /// The store URL of `database`, over the socket or at one of the TCP addresses.
    public func url(database: String, address: String? = nil) -> String {
        guard let address else { return "postgresql://tidings@/\(database)?host=\(socketDirectory)" }
        return "postgresql://tidings@\(address)/\(database)"
    }

    /// The database a store URL of this server names.
    public static func database(in url: String) -> String {
        String(url.split(separator: "@/", maxSplits: 1).last?.split(separator: "?").first ?? "")
    }

    /// Runs `sql` with psql; returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String) throws -> String {
        try Self.run("/usr/bin/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-U", "tidings", "-d", database, "-c", sql])
    }

    @discardableResult
    private func asServerUser(_ command: String, _ arguments: [String]) throws -> String {
        // From `/`: the server's user may not enter the test's working directory.
        let fromRoot = ["/bin/sh", "-c", "cd / && exec \"$0\" \"$@\"", command] + arguments
        if getuid() == 0 { return try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--"] + fromRoot) }
        return try Self.run(fromRoot[0], Array(fromRoot.dropFirst()))
    }

    /// Runs `command` to its end, its output in a file. Not with Foundation's `Process`:
    /// it learns that a child exited when a socket it hands the child is closed, and the
    /// server `pg_ctl start` leaves running inherits that socket, so it would wait for the
    /// server to stop.
    @discardableResult
    private static func run(_ command: String, _ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "tidings-pg-output-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of this process: the server `pg_ctl start` leaves running would hold
        // whatever other tests had open (a file filling a small disk, a pipe) until it stops.
        tidings_spawn_close_from(&actions, 3)
        let argv = ([command] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure.command(command, status: -1, output: String(cString: strerror(spawned))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exited == 0 else {
            throw Failure.command(([command] + arguments).joined(separator: " "), status: exited, output: text)
        }
        return text
    }
}
