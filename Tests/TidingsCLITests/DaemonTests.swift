import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import Testing
import TidingsTesting

/// `tidings run` on real directories with real inotify, real writers and real signals.
/// Each test asserts the final state of the inbox, the rejected directory and the store.
@Suite struct DaemonTests {
    /// A distinct, valid article of a few paragraphs.
    static func article(_ index: Int) -> String {
        "Report \(index) Headline\n\nGENEVA (BW) - Dispatch number \(index) opens here.\n\n"
            + (0..<6).map { paragraph in (0..<20).map { "w\(index)x\(paragraph)y\($0)" }.joined(separator: " ") + "." }.joined(separator: "\n\n")
    }

    /// Files there before the start and files arriving during it are each ingested once;
    /// with `--archive` the stored files are kept there (a copy is a duplicate, also kept).
    @Test func filesPresentBeforeStartAndArrivingAfterAreIngestedOnce() async throws {
        let daemon = try DaemonHarness()
        let archive = daemon.root.path("archive")
        for seed in Fixtures.seeds.prefix(2) { try daemon.deliver(seed.lastPathComponent, try String(contentsOf: seed, encoding: .utf8)) }
        try daemon.start(["--archive", archive])
        for seed in Fixtures.seeds.dropFirst(2) { try daemon.deliver(seed.lastPathComponent, try String(contentsOf: seed, encoding: .utf8)) }
        try await daemon.waitUntilWatching()
        #expect(try await daemon.waitUntilDrained(entries: 5))
        try daemon.deliver("copy.txt", Fixtures.seedText("000"))
        #expect(try await daemon.waitUntilDrained(entries: 6))
        let perFile = try daemon.entriesPerFile()
        #expect(perFile == Dictionary(uniqueKeysWithValues: (Fixtures.seeds.map(\.lastPathComponent) + ["copy.txt"]).map { ($0, 1) }))
        #expect(try daemon.journal().map { $0["outcome"] as? String } == Array(repeating: "new", count: 5) + ["duplicate"])
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: archive)) ?? []).sorted()
            == (Fixtures.seeds.map(\.lastPathComponent) + ["copy.txt"]).sorted())
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// Real writers whose files are whole when the daemon may read them, however slow the
    /// machine: each holds the file open while it writes (the read lease sees it) or renames
    /// it in when done. (A writer that closes and re-opens a file to append is waited for by
    /// the settle window, which depends on time: IngestServiceTests drives that case with a
    /// clock of its own.)
    @Test func everyKindOfWriterIsReadOnceAndWhole() async throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try await daemon.waitUntilWatching()
        let outside = TemporaryDirectory("tidings-writer")
        var expected: [String: Int] = [:]
        func source(_ index: Int) throws -> String {
            let path = outside.path("source-\(index).txt")
            try Data(Self.article(index).utf8).write(to: URL(fileURLWithPath: path))
            expected["\(index).txt"] = Self.article(index).utf8.count
            return path
        }
        // cp
        #expect(shell("/bin/cp", try source(1), daemon.inbox + "/1.txt") == 0)
        // mv within the filesystem
        let sameFilesystem = daemon.staging + "/2.txt"
        try Data(Self.article(2).utf8).write(to: URL(fileURLWithPath: sameFilesystem))
        expected["2.txt"] = Self.article(2).utf8.count
        #expect(shell("/bin/mv", sameFilesystem, daemon.inbox + "/2.txt") == 0)
        // mv across filesystems (copy, then unlink): from /dev/shm when it is another filesystem
        if let shm = try? FileSystemDevice.of("/dev/shm"), shm != (try FileSystemDevice.of(daemon.inbox)) {
            let across = "/dev/shm/tidings-test-3-\(getpid()).txt"
            try Data(Self.article(3).utf8).write(to: URL(fileURLWithPath: across))
            expected["3.txt"] = Self.article(3).utf8.count
            #expect(shell("/bin/mv", across, daemon.inbox + "/3.txt") == 0)
        }
        // rsync: writes .3.txt.XXXXXX, then renames
        #expect(shell("/usr/bin/rsync", try source(4), daemon.inbox + "/4.txt") == 0)
        // a slow writer that pauses mid-file, longer than the settle window, holding it open
        let slow = Array(Self.article(5).utf8)
        expected["5.txt"] = slow.count
        let slowHandle = try createFile(daemon.inbox + "/5.txt")
        try slowHandle.write(contentsOf: slow[..<(slow.count / 2)])
        try await Task.sleep(for: .milliseconds(900))
        try slowHandle.write(contentsOf: slow[(slow.count / 2)...])
        try slowHandle.close()

        #expect(try await daemon.waitUntilDrained(entries: expected.count))
        let journal = try daemon.journal()
        #expect(journal.count == expected.count)
        for entry in journal {
            let file = entry["file"] as? String ?? ""
            #expect(entry["outcome"] as? String == "new", "\(file): \(entry)")
            #expect(entry["size"] as? Int == expected[file], "\(file) was read at \(entry["size"] ?? "?") bytes")
        }
        #expect(Set(journal.compactMap { $0["file"] as? String }) == Set(expected.keys))
    }

    @Test func poisonInputsAreQuarantinedAndGoodFilesAroundThemStored() async throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try await daemon.waitUntilWatching()
        let inbox = daemon.inbox
        let outside = TemporaryDirectory("tidings-outside")
        let secret = try outside.write("secret.txt", Self.article(99))
        var reasons: [String: String] = [:]

        try daemon.deliver("good-1.txt", Self.article(1))
        try daemon.deliver("empty.txt", [])
        reasons["empty.txt"] = "empty file"
        try daemon.deliver("binary.bin", [0x41, 0x42, 0x00, 0xFF, 0x10])
        reasons["binary.bin"] = "not text (NUL byte at offset 2)"
        try daemon.deliver("latin1.txt", Array("caf".utf8) + [0xE9, 0x20] + Array("au lait".utf8))
        reasons["latin1.txt"] = "invalid UTF-8 at byte offset 3"
        let huge = try createFile(inbox + "/huge.txt")
        try huge.truncate(atOffset: 50_000_000)
        try huge.close()
        reasons["huge.txt"] = "too large (50000000 bytes; the limit is 10485760)"
        try daemon.deliver("nested.json", "{\"a\":" + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}")
        reasons["nested.json"] = "JSON nested deeper than 64 levels (at byte offset 68)"
        #expect(mkfifo(inbox + "/pipe", 0o644) == 0)
        reasons["pipe"] = "not a regular file (a FIFO)"
        try FileManager.default.createSymbolicLink(atPath: inbox + "/link.txt", withDestinationPath: secret)
        reasons["link.txt"] = "not a regular file (a symbolic link, which is not followed)"
        // A folder is part of the inbox (its files are read), not an input: it stays.
        try FileManager.default.createDirectory(atPath: inbox + "/folder", withIntermediateDirectories: false)
        let unreadable = try daemon.deliver("unreadable.txt", Self.article(3))
        #expect(chmod(unreadable, 0) == 0)
        if getuid() != 0 { reasons["unreadable.txt"] = "unreadable (permission denied)" }
        try daemon.deliver("two\nlines.txt", Self.article(4))
        try daemon.deliver("good-2.txt", Self.article(2))

        let good = ["good-1.txt", "good-2.txt", "two\nlines.txt"] + (getuid() == 0 ? ["unreadable.txt"] : [])
        #expect(try await daemon.waitUntilDrained(entries: reasons.count + good.count))
        let journal = try daemon.journal()
        for (name, reason) in reasons {
            let entry = journal.first { $0["file"] as? String == name }
            #expect(entry?["outcome"] as? String == "rejected", "\(name)")
            #expect(entry?["reason"] as? String == reason, "\(name)")
            #expect(FileSystemDevice.exists(daemon.rejected + "/" + name), "\(name) is not in the rejected directory")
            let sidecar = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: daemon.rejected + "/" + name + ".reason.json"))) as? [String: Any]
            #expect(sidecar?["reason"] as? String == reason, "\(name) has no sidecar with its reason")
        }
        for name in good {
            #expect(journal.first { $0["file"] as? String == name }?["outcome"] as? String == "new", "\(name)")
        }
        #expect(!journal.contains { $0["file"] as? String == "folder" })
        #expect(daemon.inboxFolders == ["folder"], "a folder the daemon did not empty is left alone")
        #expect(try daemon.entriesPerFile().values.allSatisfy { $0 == 1 })
        #expect(try String(contentsOfFile: secret, encoding: .utf8) == Self.article(99), "the link's target outside the inbox was touched")
        #expect(daemon.process?.isRunning == true)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// The files a security review found could stop ingestion for good: a page built to be
    /// slow, a file that crashes the parser, and one whose read never returns (standing in
    /// for a crash of the daemon itself; the test kills it, as the watchdog would). None
    /// stops the files behind it, and the one that stops the daemon is quarantined unread
    /// after two restarts.
    @Test func noFileStopsTheDaemonAndOneThatStopsItIsQuarantinedWithinTwoRestarts() async throws {
        let daemon = try DaemonHarness()
        daemon.environment["TIDINGS_TEST_HOOKS"] = "1"
        try daemon.start()
        try await daemon.waitUntilWatching()
        // The page a security review built: 200 paragraphs, half of 500 identical words,
        // half of 249 of them and one other.
        let long = [String](repeating: "lorem", count: 500).joined(separator: " ")
        let short = [String](repeating: "lorem", count: 249).joined(separator: " ") + " ipsum"
        var page = "<html><head><title>Poison</title></head><body><article>"
        for index in 0..<200 { page += "<p>" + (index % 2 == 0 ? long : short) + "</p>\n" }
        page += "</article></body></html>"
        try daemon.deliver("poison.html", page)
        try daemon.deliver("crash.txt", "TIDINGS-TEST-CRASH\n\nThis file makes the parser crash.")
        try daemon.deliver("before.txt", Self.article(1))
        #expect(try await daemon.waitUntilDrained(entries: 3))
        let first = try Self.byFile(daemon.journal())
        #expect(first["poison.html"]?["outcome"] as? String == "new")
        #expect(first["crash.txt"]?["outcome"] as? String == "rejected")
        let crashReason = first["crash.txt"]?["reason"] as? String ?? ""
        #expect(crashReason.hasPrefix("the parser crashed (signal"), "\(crashReason)")
        #expect(first["before.txt"]?["outcome"] as? String == "new")

        try daemon.deliver("TIDINGS-TEST-HANG.txt", Self.article(2))
        try daemon.deliver("behind-1.txt", Self.article(3))
        try daemon.deliver("behind-2.txt", Self.article(4))
        for attempt in 1...2 {
            // Being read: claimed for this attempt and moved to the claims directory.
            let reading = try await eventually(timeout: 120) { try Self.isBeingRead("TIDINGS-TEST-HANG.txt", attempt: attempt, by: daemon) }
            let log = daemon.log.suffix(2000)
            #expect(reading, "the hanging file was not being read for attempt \(attempt): \(log)")
            daemon.signal(SIGKILL)
            _ = try await daemon.waitForExit()
            try daemon.start()
        }
        #expect(try await daemon.waitUntilDrained(entries: 6))
        let journal = try Self.byFile(daemon.journal())
        let hung = journal["TIDINGS-TEST-HANG.txt"]
        #expect(hung?["outcome"] as? String == "rejected")
        let reason = hung?["reason"] as? String
        #expect(reason?.hasPrefix("not read again: tidings stopped 2 times") == true, "\(hung ?? [:])")
        #expect(journal["behind-1.txt"]?["outcome"] as? String == "new")
        #expect(journal["behind-2.txt"]?["outcome"] as? String == "new")
        #expect(try daemon.entriesPerFile().values.allSatisfy { $0 == 1 })
        #expect(FileSystemDevice.exists(daemon.rejected + "/TIDINGS-TEST-HANG.txt"))
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// Journal entries by file name.
    static func byFile(_ journal: [[String: Any]]) -> [String: [String: Any]] {
        var entries: [String: [String: Any]] = [:]
        for entry in journal { entries[entry["file"] as? String ?? ""] = entry }
        return entries
    }

    /// Whether the daemon is reading `file` for the `attempt`th time: claimed with that many
    /// attempts, and moved to the claims directory.
    static func isBeingRead(_ file: String, attempt: Int, by daemon: DaemonHarness) throws -> Bool {
        let claimed = Set((try? FileManager.default.contentsOfDirectory(atPath: daemon.inbox + "/.tidings-claimed")) ?? [])
        return try daemon.claims().contains { $0.file == file && $0.attempts == attempt && claimed.contains($0.token) }
    }

    @Test func sigtermDuringAFloodExitsZeroAndLosesNothing() async throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try await daemon.waitUntilWatching()
        let names = (0..<1500).map { "flood-\($0).txt" }
        for (index, name) in names.enumerated() { try daemon.deliver(name, Self.article(index)) }
        _ = try await eventually(timeout: 120) { try daemon.journalCount() >= 100 }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let perFile = try daemon.entriesPerFile()
        let waiting = Set(daemon.inboxNames)
        for name in names {
            #expect((perFile[name] == 1) != waiting.contains(name), "\(name): \(perFile[name] ?? 0) entries, in inbox: \(waiting.contains(name))")
        }
        // A restart takes the rest.
        try daemon.start()
        #expect(try await daemon.waitUntilDrained(entries: names.count))
        #expect(try daemon.entriesPerFile() == Dictionary(uniqueKeysWithValues: names.map { ($0, 1) }))
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    @Test func sighupReloadsAndABrokenConfigKeepsTheOldOne() async throws {
        let daemon = try DaemonHarness()
        let config = daemon.root.path("tidings.yaml")
        try "inbox:\n  settle_ms: 300\n".write(toFile: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config])
        try await daemon.waitUntilWatching()

        try "inbox:\n  settle_ms: [not, a, number\n".write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(try await eventually(timeout: 120) { daemon.log.contains("configuration reload refused") })
        try daemon.deliver("after-bad-reload.txt", Self.article(1))
        #expect(try await daemon.waitUntilDrained(entries: 1))

        try "inbox:\n  settle_ms: 300\n  ignored_suffixes: [\".wip\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(try await eventually(timeout: 120) { daemon.log.contains("configuration reloaded") })
        try daemon.deliver("draft.wip", Self.article(2))
        try daemon.deliver("final.txt", Self.article(3))
        #expect(try await eventually(timeout: 120) { try daemon.journalCount() == 2 })
        #expect(daemon.inboxNames == ["draft.wip"])
        #expect(daemon.process?.isRunning == true)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// `log.level` drops what is less severe, and a reload changes it for the running daemon.
    @Test func theLogLevelComesFromTheConfigurationAndIsReloaded() async throws {
        let daemon = try DaemonHarness()
        let config = daemon.root.path("tidings.yaml")
        try "log:\n  level: notice\n".write(toFile: config, atomically: true, encoding: .utf8)
        try daemon.start(["--config", config])
        try await daemon.waitUntilWatching()
        try daemon.deliver("quiet.txt", Self.article(1))
        try daemon.deliver("empty.txt", "")
        #expect(try await daemon.waitUntilDrained(entries: 2))
        #expect(try await eventually(timeout: 60) { daemon.log.contains("rejected: empty file") })
        #expect(!daemon.log.contains("file=quiet.txt"), "\(daemon.log)")

        try "log:\n  level: info\n".write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(try await eventually(timeout: 120) { daemon.log.contains("configuration reloaded") })
        try daemon.deliver("loud.txt", Self.article(2))
        #expect(try await eventually(timeout: 120) { daemon.log.contains("file=loud.txt") })
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)

        // The flag wins over the file.
        try daemon.start(["--config", config, "--log-level", "warning"])
        try daemon.deliver("flagged.txt", Self.article(3))
        #expect(try await daemon.waitUntilDrained(entries: 4))
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(!daemon.log.contains("file=flagged.txt"))
    }

    /// `tidings status` and the metrics (textfile and HTTP) follow the daemon: what it
    /// stored and rejected, and whether it runs at all.
    @Test func statusAndMetricsFollowTheDaemon() async throws {
        let daemon = try DaemonHarness()
        let textfile = daemon.root.path("tidings.prom")
        let config = daemon.root.path("tidings.yaml")
        try "metrics:\n  textfile: \(textfile)\n  listen: 127.0.0.1:0\n".write(toFile: config, atomically: true, encoding: .utf8)
        let stopped = try TidingsBinary.run(["status", "--store", daemon.store])
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("no daemon is running on \(daemon.store)"))

        try daemon.start(["--config", config])
        try await daemon.waitUntilWatching()
        try daemon.deliver("good.txt", Self.article(1))
        try daemon.deliver("bad.bin", Array("binary\u{0}".utf8))
        #expect(try await daemon.waitUntilDrained(entries: 2))
        var report: [String: Any] = [:]
        #expect(try await eventually(timeout: 60) {
            let status = try TidingsBinary.run(["status", "--store", daemon.store, "--json"])
            report = status.jsonLines.first ?? [:]
            return status.status == 0 && report["stored"] as? Int == 1 && report["rejected"] as? Int == 1
        }, "\(report)")
        #expect(report["state"] as? String == "running")
        #expect(report["pid"] as? Int == Int(daemon.process?.processIdentifier ?? 0))
        #expect(report["backlog"] as? Int == 0 && report["commits_paused"] is NSNull)
        #expect((report["this_run"] as? [String: Int]) == ["new": 1, "rejected": 1])
        let text = try TidingsBinary.run(["status", "--store", daemon.store])
        #expect(text.stdout.contains("commits   ok, last at "), "\(text.stdout)")

        let expected = ["tidings_files_total{outcome=\"new\"} 1", "tidings_files_total{outcome=\"rejected\"} 1",
                        "tidings_rejected_files_total{reason=\"not_text\"} 1", "tidings_commits_paused 0", "tidings_commit_duration_seconds_count"]
        #expect(try await eventually(timeout: 60) {
            let metrics = (try? String(contentsOfFile: textfile, encoding: .utf8)) ?? ""
            return expected.allSatisfy(metrics.contains)
        }, "\((try? String(contentsOfFile: textfile, encoding: .utf8)) ?? "no textfile")")
        let address = try #require(report["metrics_address"] as? String)
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://\(address)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(expected.allSatisfy(String(decoding: body, as: UTF8.self).contains))
        let (_, missing) = try await URLSession.shared.data(from: URL(string: "http://\(address)/other")!)
        #expect((missing as? HTTPURLResponse)?.statusCode == 404)

        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let after = try TidingsBinary.run(["status", "--store", daemon.store, "--json"])
        #expect(after.status == 1)
        #expect(after.jsonLines.first?["state"] as? String == "stopped")

        // Killed, it cannot clean up: status tells a dead daemon from a running one.
        try daemon.start(["--config", config])
        try await daemon.waitUntilWatching()
        #expect(try await eventually(timeout: 60) { try TidingsBinary.run(["status", "--store", daemon.store]).status == 0 })
        daemon.signal(SIGKILL)
        _ = try await daemon.waitForExit()
        let killed = try TidingsBinary.run(["status", "--store", daemon.store, "--json"])
        #expect(killed.status == 1)
        #expect(killed.jsonLines.first?["state"] as? String == "gone", "\(killed.stdout)")
    }

    @Test func aMissingInboxOrAnUnusableStoreExitsTwoNamingThePath() async throws {
        let daemon = try DaemonHarness()
        try FileManager.default.removeItem(atPath: daemon.inbox)
        try daemon.start()
        #expect(try await daemon.waitForExit() == 2)
        #expect(daemon.log.contains("the inbox \(daemon.inbox) does not exist"))

        let second = try DaemonHarness()
        try second.start(["--store", second.root.path("no/such/dir/store.sqlite")])
        #expect(try await second.waitForExit() == 2)
        #expect(second.log.contains(second.root.path("no/such/dir")))
    }

    @Test func aDeletedInboxStopsTheDaemonWithAClearError() async throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try await daemon.waitUntilWatching()
        try FileManager.default.removeItem(atPath: daemon.inbox)
        #expect(try await daemon.waitForExit() == 1)
        #expect(daemon.log.contains("the inbox \(daemon.inbox) was deleted"))
    }

    @Test func jsonLogsCarryEachOutcomesValues() async throws {
        let daemon = try DaemonHarness()
        try daemon.start(["--log-format", "json"])
        try daemon.deliver("a.txt", Self.article(1))
        #expect(try await daemon.waitUntilDrained(entries: 1))
        let lines = daemon.log.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let outcome = try #require(lines.first { $0["outcome"] != nil })
        #expect(outcome["outcome"] as? String == "new")
        #expect(outcome["file"] as? String == "a.txt")
        #expect(outcome["article_id"] as? Int == 1, "numbers are JSON numbers")
        #expect(outcome["seq"] as? Int == 1)
        #expect(outcome["level"] as? String == "info")
        #expect(lines.contains { ($0["message"] as? String)?.hasPrefix("watching ") == true })
    }
}

/// Runs a program to completion; returns its exit status.
func shell(_ program: String, _ arguments: String...) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    do { try process.run() } catch { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
}

/// Creates (or truncates) a file in place and opens it for writing, as `cp` or an editor
/// does. (`FileManager.createFile` would write a temporary file and rename it in, which
/// delivers the file, empty, by the Maildir convention.)
func createFile(_ path: String) throws -> FileHandle {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
}

enum FileSystemDevice {
    static func of(_ path: String) throws -> UInt64 {
        var status = stat()
        guard stat(path, &status) == 0 else { throw POSIXError(.ENOENT) }
        return UInt64(status.st_dev)
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}
