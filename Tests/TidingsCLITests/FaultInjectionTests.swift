import Foundation
import Glibc
import GRDB
import Testing
import TidingsTesting

/// The machine failing underneath the daemon: a full disk, I/O errors injected into the
/// system calls, a damaged store, another process holding the store's lock. The rule is
/// the same as for crashes: a file leaves the inbox only once its outcome is committed,
/// and it is recorded once.
///
/// These run real failures: a size-limited tmpfs (root may mount one, as CI runs), and
/// libfiu's `fiu-run` (Debian's `fiu-utils`, installed by `scripts/install-deps`), which
/// makes `write`, `pwrite`, `fsync`, `fdatasync`, `rename` and `unlink` fail at random
/// inside the daemon and its SQLite. `scripts/fault-injection ROUNDS` runs more rounds
/// (TIDINGS_FAULT_ROUNDS).
@Suite(.serialized) struct FaultInjectionTests {
    /// Files delivered so far and the bytes of each, so the checks can tell what each became.
    final class Delivery {
        var files: [String: [UInt8]] = [:]
        private var next = 0

        /// `count` files: mostly new articles, some exact duplicates, some rejected.
        func make(_ count: Int) -> [(name: String, bytes: [UInt8])] {
            (0..<count).map { _ in
                defer { next += 1 }
                let name = String(format: "f-%05d.txt", next)
                let bytes: [UInt8] = switch next % 10 {
                case 9: [0x42, 0x00] + Array("binary \(next)".utf8)  // rejected
                case 6: Array(DaemonTests.article(next - 3).utf8)  // an exact duplicate
                default: Array(DaemonTests.article(next).utf8)
                }
                files[name] = bytes
                return (name, bytes)
            }
        }
    }

    /// The promise, checked while files may still be waiting: every file gone from the
    /// inbox has exactly one journal entry, no file has more than one, and the journal
    /// names no file that was never delivered. A file still in the inbox may already have
    /// its entry (committed, then the unlink failed): the next run replays it.
    static func checkPromise(_ daemon: DaemonHarness, _ delivery: Delivery, _ context: String) throws -> (acknowledged: Int, waiting: Int) {
        let perFile = try daemon.entriesPerFile()
        let waiting = Set(daemon.inboxNames)
        for (name, entries) in perFile {
            #expect(entries == 1, "\(context): \(name) has \(entries) journal entries")
            #expect(delivery.files[name] != nil, "\(context): the journal names \(name), never delivered")
        }
        for name in delivery.files.keys where !waiting.contains(name) {
            #expect(perFile[name] == 1, "\(context): \(name) left the inbox without a journal entry")
        }
        return (delivery.files.count - waiting.count, waiting.count)
    }

    /// After the final clean run: the journal names exactly the delivered files, once
    /// each, the inbox is empty and the store verifies.
    static func checkFinal(_ daemon: DaemonHarness, _ delivery: Delivery) throws {
        #expect(daemon.inboxNames.isEmpty, "still in the inbox: \(daemon.inboxNames.prefix(5))")
        let perFile = try daemon.entriesPerFile()
        #expect(Set(perFile.keys) == Set(delivery.files.keys), "\(Set(delivery.files.keys).subtracting(perFile.keys).count) files have no entry")
        #expect(perFile.values.allSatisfy { $0 == 1 })
        let verify = try TidingsBinary.run(["verify", "--store", daemon.store])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    // MARK: Disk full

    @Test func aFullDiskPausesCommitsAndTheyResumeWhenSpaceReturns() async throws {
        let daemon = try DaemonHarness()
        let small = try SmallFilesystem(at: daemon.root.path("small"), megabytes: 2)
        daemon.store = small.path + "/store.sqlite"
        daemon.environment["TIDINGS_STORE_RETRY_MAX_SECONDS"] = "1"
        let notify = try FakeNotifySocket()
        daemon.environment["NOTIFY_SOCKET"] = notify.path
        try daemon.start()
        try await daemon.waitUntilWatching()
        let filler = try small.fill()
        let delivery = Delivery()
        // Deliver until commits fail: the WAL may first absorb a few batches in space it
        // already holds.
        var paused = false
        for _ in 0..<20 where !paused {
            for file in delivery.make(40) { try daemon.deliver(file.name, file.bytes) }
            paused = try await eventually(timeout: 5) { daemon.log.contains("the disk holding the store") }
        }
        #expect(paused, "commits never failed on the full disk")
        #expect(daemon.log.contains("files stay in the inbox, retrying in"))
        var statuses: [String] = []
        let shown = try await eventually(timeout: 120) {
            statuses += notify.received()
            return statuses.contains { $0.contains("STATUS=commits paused: the store's disk is full") }
        }
        #expect(shown, "the status line never said why commits paused: \(statuses.suffix(3))")
        try await Task.sleep(for: .seconds(2))  // a few retries, still full
        let during = try Self.checkPromise(daemon, delivery, "disk full")
        #expect(during.waiting > 0, "files left the inbox although nothing could be committed")
        #expect(daemon.process?.isRunning == true, "the daemon stopped on a full disk")

        try FileManager.default.removeItem(atPath: filler)
        #expect(try await daemon.waitUntilDrained(entries: delivery.files.count, timeout: 120))
        #expect(daemon.log.contains("commits resumed after"))
        let cleared = try await eventually(timeout: 120) {
            statuses += notify.received()
            return statuses.last.map { $0.contains("STATUS=watching") } ?? false
        }
        #expect(cleared, "the status line still says commits are paused: \(statuses.suffix(2))")
        try Self.checkFinal(daemon, delivery)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        print("disk full: \(delivery.files.count) files, \(during.waiting) waited in the inbox while the disk was full, all ingested once after")
    }

    @Test func ingestOnAFullDiskFailsClearlyAndRecordsNothingOfTheBatch() throws {
        let directory = TemporaryDirectory("tidings-full-ingest")
        let small = try SmallFilesystem(at: directory.path("small"), megabytes: 8)
        let store = small.path + "/store.sqlite"
        #expect(try TidingsBinary.run(["ingest", "--store", store, Fixtures.seed("000").path]).status == 0)
        let files = try (0..<200).map { try directory.write("a-\($0).txt", DaemonTests.article($0)) }
        let filler = try small.fill()
        let full = try TidingsBinary.run(["ingest", "--store", store] + files)
        #expect(full.status == 1)
        #expect(full.stderr.contains("is full; free space there"), "\(full.stderr)")
        #expect(full.stdout.isEmpty, "outcomes were printed for a batch that was not committed")
        try FileManager.default.removeItem(atPath: filler)
        let stats = try TidingsBinary.run(["stats", "--store", store, "--json"]).jsonLines.first
        #expect(stats?["journal_entries"] as? Int == 1)
        #expect(try TidingsBinary.run(["verify", "--store", store]).status == 0)
        let again = try TidingsBinary.run(["ingest", "--store", store] + files)
        #expect(again.status == 0, "\(again.stderr)")
    }

    // MARK: Injected I/O errors

    @Test func randomIOFaultsNeverLoseOrDoubleAFile() async throws {
        let fiuRun = "/usr/bin/fiu-run", fiuCtrl = "/usr/bin/fiu-ctrl"
        try #require(FileManager.default.isExecutableFile(atPath: fiuRun), "fiu-run is missing: run scripts/install-deps (Debian's fiu-utils)")
        let rounds = Int(ProcessInfo.processInfo.environment["TIDINGS_FAULT_ROUNDS"] ?? "") ?? 10
        let daemon = try DaemonHarness()
        daemon.environment["TIDINGS_INBOX_SETTLE_MS"] = "50"
        daemon.environment["TIDINGS_STORE_RETRY_MAX_SECONDS"] = "1"
        daemon.environment["TIDINGS_STORE_MAX_CONSECUTIVE_FAILURES"] = "3"
        // Per call: a commit makes dozens of pwrite calls, so theirs is the lowest.
        let faults = [
            "posix/io/rw/write": 0.02, "posix/io/rw/pwrite": 0.004, "posix/io/sync/fsync": 0.05,
            "posix/io/sync/fdatasync": 0.05, "posix/io/dir/rename": 0.05, "posix/io/dir/unlink": 0.05,
        ].sorted { $0.key < $1.key }.flatMap { ["-c", "enable_random name=\($0.key),probability=\($0.value)"] }
        let control = daemon.root.path("fiu-ctrl")
        let delivery = Delivery()
        var failedRuns = 0
        var errorsLogged = 0
        for round in 1...rounds {
            // Every third run meets faults from its first system call (opening the store,
            // replaying the journal); the others once they are watching.
            let fromTheStart = round % 3 == 0
            daemon.launcher = [fiuRun, "-x", "-f", control] + (fromTheStart ? faults : [])
            for file in delivery.make(10) { try daemon.deliver(file.name, file.bytes) }
            let logBefore = daemon.log.utf8.count
            try daemon.start()
            // With faults from its first system call the daemon may fail to open the store
            // and exit 1: that is one of the outcomes this test allows.
            let watching = try await daemon.waitUntilWatchingOrExit()
            if !fromTheStart { #expect(watching, "a daemon without faults did not start: \(daemon.log.suffix(500))") }
            if !fromTheStart, let pid = daemon.process?.processIdentifier {
                _ = try runProgram(fiuCtrl, faults + ["-f", control, String(pid)])
            }
            for _ in 0..<4 {
                for file in delivery.make(5) { try daemon.deliver(file.name, file.bytes) }
                try await Task.sleep(for: .milliseconds(300))
            }
            try await Task.sleep(for: .seconds(1))
            daemon.signal(SIGTERM)
            if try await daemon.waitForExit(timeout: 20) == nil {
                daemon.signal(SIGKILL)
                _ = try await daemon.waitForExit()
            }
            if daemon.process?.terminationStatus != 0 { failedRuns += 1 }
            let roundLog = String(decoding: daemon.log.utf8.dropFirst(logBefore), as: UTF8.self)
            errorsLogged += roundLog.split(separator: "\n").filter { $0.contains("error") || $0.contains("critical") }.count
            _ = try Self.checkPromise(daemon, delivery, "round \(round)")
        }
        daemon.launcher = []
        try daemon.start()
        #expect(try await daemon.waitUntilDrained(entries: delivery.files.count, timeout: 120))
        try Self.checkFinal(daemon, delivery)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(errorsLogged > rounds, "the injected faults hardly reached the daemon")
        print("injected I/O faults: \(rounds) runs under fiu-run, \(failedRuns) ended non-zero, \(errorsLogged) failures logged, \(delivery.files.count) files, each recorded once")
    }

    // MARK: Damaged store

    @Test func aStoreWithFlippedBytesIsRefusedWithExitFour() throws {
        let directory = TemporaryDirectory("tidings-flipped")
        let inbox = directory.path("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let store = directory.path("store.sqlite")
        #expect(try TidingsBinary.run(["ingest", "--store", store] + Fixtures.seeds.map(\.path)).status == 0)
        let pageSize = try DatabaseQueue(path: store).read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? 4096
        let handle = try #require(FileHandle(forUpdatingAtPath: store))
        try handle.seek(toOffset: UInt64(3 * pageSize))  // page 4: a b-tree page's type byte
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: UInt64(3 * pageSize))
        try handle.write(contentsOf: Data([~byte[0]]))
        try handle.close()

        let run = try TidingsBinary.run(["run", "--store", store, "--inbox", inbox, "--rejected", directory.path("rejected")])
        #expect(run.status == 4)
        #expect(run.stderr.contains("is damaged") && run.stderr.contains("tidings verify --store"), "\(run.stderr)")
        #expect(try TidingsBinary.run(["ingest", "--store", store, Fixtures.seeds[0].path]).status == 4)
        let verify = try TidingsBinary.run(["verify", "--store", store])
        #expect(verify.status == 4)
        #expect(verify.stdout.contains("FAIL SQLite integrity") && verify.stdout.contains("Page 4"), "\(verify.stdout)")

        let foreign = directory.path("foreign.sqlite")
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
        #expect(try TidingsBinary.run(["run", "--store", foreign, "--inbox", inbox, "--rejected", directory.path("rejected")]).status == 4)
    }

    // MARK: Directories on different filesystems

    @Test func aRejectedDirectoryOnAnotherFilesystemIsRefusedAtStart() async throws {
        let daemon = try DaemonHarness()
        let other = try SmallFilesystem(at: daemon.root.path("elsewhere"), megabytes: 1)
        try daemon.deliver("a.txt", Fixtures.seedText("000"))
        for flag in ["--rejected", "--archive"] {
            let result = try TidingsBinary.run([
                "run", "--inbox", daemon.inbox, "--store", daemon.store, "--rejected", daemon.rejected, flag, other.path,
            ])
            #expect(result.status == 2)
            #expect(result.stderr.contains("is on another filesystem than the inbox"), "\(result.stderr)")
        }
        #expect(daemon.inboxNames == ["a.txt"])
    }

    // MARK: Busy store

    @Test func aStoreLockedByAnotherProcessIsWaitedForAndSaidSo() async throws {
        let daemon = try DaemonHarness()
        daemon.environment["TIDINGS_STORE_BUSY_TIMEOUT_MS"] = "300"
        daemon.environment["TIDINGS_STORE_RETRY_MAX_SECONDS"] = "1"
        try daemon.start()
        try await daemon.waitUntilWatching()
        // Another writer (a backup, an admin's sqlite3 shell) holds the write lock.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: daemon.store, configuration: configuration)
        try await other.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }
        let delivery = Delivery()
        for file in delivery.make(10) { try daemon.deliver(file.name, file.bytes) }
        #expect(try await eventually(timeout: 120) { daemon.log.contains("stayed locked by another process") })
        #expect(Set(daemon.inboxNames) == Set(delivery.files.keys), "a file left the inbox while the store was locked")
        try await other.writeWithoutTransaction { try $0.execute(sql: "COMMIT") }
        try other.close()
        #expect(try await daemon.waitUntilDrained(entries: delivery.files.count, timeout: 60))
        try Self.checkFinal(daemon, delivery)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }
}

/// A size-limited tmpfs, mounted for one test and unmounted after.
final class SmallFilesystem {
    let path: String

    init(at path: String, megabytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = try runProgram("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
        try #require(status == 0, "cannot mount a tmpfs at \(path) (these tests need root, as CI runs them)")
    }

    deinit {
        _ = try? runProgram("/bin/umount", ["-l", path])
    }

    /// Writes a file until the filesystem is full; returns its path. Close-on-exec: a
    /// process another test starts meanwhile (a PostgreSQL server lives for its whole suite)
    /// would otherwise inherit the descriptor and keep the filler's space taken after the
    /// test removes it.
    func fill() throws -> String {
        let filler = path + "/filler"
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0x20, count: 4096)
        while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        try #require(errno == ENOSPC, "filling \(path) stopped with errno \(errno), not ENOSPC")
        return filler
    }
}

/// Runs a program to its end; returns its exit status.
func runProgram(_ program: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
