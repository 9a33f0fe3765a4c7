import Foundation
import Glibc
import Testing
import TidingsTesting

/// Floods and crashes. Serialized: they lower a system-wide inotify limit and load the CPU.
@Suite(.serialized) struct DaemonStressTests {
    static let maxQueuedEvents = "/proc/sys/fs/inotify/max_queued_events"
    static var canLowerInotifyQueue: Bool { access(maxQueuedEvents, W_OK) == 0 }

    /// A daemon whose inotify queue holds 64 events gets 20,000 files at once: the kernel
    /// reports IN_Q_OVERFLOW, the daemon rescans, and every file is ingested once.
    @Test(.enabled(if: canLowerInotifyQueue, "needs root to lower fs.inotify.max_queued_events"))
    func floodOverflowingTheInotifyQueueIsIngestedOnce() async throws {
        let daemon = try DaemonHarness()
        let count = 20_000
        let names = (0..<count).map { String(format: "flood-%05d.txt", $0) }
        for (index, name) in names.enumerated() {
            try Data(DaemonTests.article(index).utf8).write(to: URL(fileURLWithPath: daemon.staging + "/" + name))
        }
        let original = try String(contentsOfFile: Self.maxQueuedEvents, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try "64\n".write(toFile: Self.maxQueuedEvents, atomically: false, encoding: .utf8)
        do {
            // The limit is read when the daemon creates its inotify instance.
            try daemon.start()
            try await daemon.waitUntilWatching()
        } catch {
            try original.write(toFile: Self.maxQueuedEvents, atomically: false, encoding: .utf8)
            throw error
        }
        try original.write(toFile: Self.maxQueuedEvents, atomically: false, encoding: .utf8)
        #expect(try String(contentsOfFile: Self.maxQueuedEvents, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == original)

        for name in names { try FileManager.default.moveItem(atPath: daemon.staging + "/" + name, toPath: daemon.inbox + "/" + name) }
        let drained = try await eventually(timeout: 900) {
            let entries = try TidingsBinary.run(["stats", "--store", daemon.store, "--json"]).jsonLines.first?["journal_entries"] as? Int
            return daemon.inboxNames.isEmpty && entries == count
        }
        #expect(drained)
        #expect(daemon.log.contains("inotify queue overflowed"))
        let perFile = try daemon.entriesPerFile()
        #expect(perFile.count == count)
        #expect(perFile.values.allSatisfy { $0 == 1 })
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// 10,000 files in 100 folders, moved in one folder after another while the daemon runs
    /// — with its inotify queue cut to 64 events where this machine allows (as root), so the
    /// queue overflows mid-drop and the whole tree is rescanned: every file is read once and
    /// every folder removed once emptied.
    @Test func aTenThousandFileTreeDroppedWhileRunningIsReadOnce() async throws {
        let daemon = try DaemonHarness()
        daemon.environment["TIDINGS_INBOX_RESCAN_SECONDS"] = "1"
        let folders = 100, perFolder = 100
        for folder in 0..<folders {
            let path = daemon.staging + String(format: "/batch-%03d", folder)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for file in 0..<perFolder {
                let index = folder * perFolder + file
                try Data(DaemonTests.article(index).utf8).write(to: URL(fileURLWithPath: path + String(format: "/story-%05d.txt", index)))
            }
        }
        let lowered = Self.canLowerInotifyQueue
        let original = lowered ? try String(contentsOfFile: Self.maxQueuedEvents, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        if lowered { try "64\n".write(toFile: Self.maxQueuedEvents, atomically: false, encoding: .utf8) }
        do {
            try daemon.start()
            try await daemon.waitUntilWatching()
        } catch {
            if lowered { try original.write(toFile: Self.maxQueuedEvents, atomically: false, encoding: .utf8) }
            throw error
        }
        if lowered { try original.write(toFile: Self.maxQueuedEvents, atomically: false, encoding: .utf8) }
        for folder in 0..<folders {
            let name = String(format: "batch-%03d", folder)
            try FileManager.default.moveItem(atPath: daemon.staging + "/" + name, toPath: daemon.inbox + "/" + name)
        }
        let count = folders * perFolder
        #expect(try await eventually(timeout: 900) { try daemon.journalCount() == count && daemon.inboxFiles.isEmpty })
        if lowered { #expect(daemon.log.contains("inotify queue overflowed")) }
        let perFile = try daemon.entriesPerFile()
        #expect(perFile.count == count)
        #expect(perFile.values.allSatisfy { $0 == 1 })
        #expect(perFile["batch-042/story-04217.txt"] == 1)
        #expect(try await eventually(timeout: 120) { daemon.inboxFolders.isEmpty }, "\(daemon.inboxFolders.prefix(5))")
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// `kill -9` at random moments while files keep arriving, then a restart, many times:
    /// afterwards every file has exactly one journal entry — a feed, one an item, all or
    /// none of them at any moment — and `tidings verify` passes.
    /// `scripts/torture-kill9 ROUNDS` runs it with more rounds (TIDINGS_TORTURE_ROUNDS).
    @Test func killNineAtRandomMomentsNeverLosesOrDoublesAFile() async throws {
        try await killNineTorture(.flat)
    }

    /// The same over an inbox tree: each chunk of files arrives as a folder moved in, so
    /// kills land while folders are half-scanned, half-claimed and being removed.
    @Test func killNineOverATreeNeverLosesOrDoublesAFile() async throws {
        try await killNineTorture(.tree)
    }

    /// The same with two inboxes in one daemon, chunks going to each in turn, each name
    /// delivered to both with the same bytes: every file is journaled once in its own inbox
    /// (the second copy a duplicate, never a replay of the other inbox's entry), and the
    /// claims of both are recovered after each kill.
    @Test func killNineAcrossTwoInboxesNeverLosesOrDoublesAFile() async throws {
        try await killNineTorture(.twoInboxes)
    }

    enum Delivery { case flat, tree, twoInboxes }

    private func killNineTorture(_ delivery: Delivery) async throws {
        let tree = delivery == .tree
        let rounds = Int(ProcessInfo.processInfo.environment["TIDINGS_TORTURE_ROUNDS"] ?? "") ?? 12
        let seed = UInt64(ProcessInfo.processInfo.environment["TIDINGS_TORTURE_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64(UInt32.max))
        var random = SeededRandom(seed: seed)
        let daemon = try DaemonHarness()
        daemon.environment["TIDINGS_INBOX_SETTLE_MS"] = "50"
        if tree { daemon.environment["TIDINGS_INBOX_RESCAN_SECONDS"] = "1" }
        let count = 200 * rounds
        let chunk = 20
        let inboxB = daemon.root.path("inbox-b")
        if delivery == .twoInboxes {
            try FileManager.default.createDirectory(atPath: inboxB, withIntermediateDirectories: true)
            daemon.environment["TIDINGS_CONFIG"] = try daemon.root.write("two-inboxes.yaml", """
                store: {path: \(daemon.store)}
                inbox: {rejected_path: \(daemon.rejected)}
                inboxes:
                  a: {path: \(daemon.inbox)}
                  b: {path: \(inboxB)}
                """)
            daemon.placeArguments = []
            daemon.watching = "watching 2 inboxes"
        }
        /// Where a file goes: the inbox a chunk is for, and its name there.
        func place(_ name: String) -> (inbox: String, name: String) {
            guard delivery == .twoInboxes else { return (daemon.inbox, name) }
            return (name.hasPrefix("a/") ? daemon.inbox : inboxB, String(name.dropFirst(2)))
        }
        var files: [(name: String, bytes: [UInt8])] = []
        var expected: [String: Int] = [:]
        for position in 0..<count {
            // With two inboxes, each name goes to both, one chunk to each in turn.
            let index = delivery == .twoInboxes ? position % (count / 2) : position
            let prefix = switch delivery {
            case .flat: ""
            case .tree: String(format: "d-%04d/", index / chunk)
            case .twoInboxes: position < count / 2 ? "a/" : "b/"
            }
            let name = prefix + String(format: "k-%05d.txt", index)
            expected[name] = index % 10 == 5 ? 3 : 1
            if index % 10 == 5 {
                files.append((name, Self.feed(index)))                                      // three items, one no article
            } else if index % 10 == 9 {
                files.append((name, [0x42, 0x00] + Array("binary \(index)".utf8)))          // rejected
            } else if index % 7 == 6 {
                files.append((name, Array(DaemonTests.article(index - 3).utf8)))         // an exact duplicate
            } else {
                files.append((name, Array(DaemonTests.article(index).utf8)))
            }
        }
        if delivery == .twoInboxes {
            // Chunks to each inbox in turn: a's first chunk, b's, a's second…
            func order(_ name: String) -> (Int, String) { (Int(name.dropFirst(4).prefix(5))! / chunk, String(name.prefix(1))) }
            files.sort { order($0.name) < order($1.name) || order($0.name) == order($1.name) && $0.name < $1.name }
        }
        let (delivered, places) = (files, files.map { place($0.name) })
        let pause = Duration.milliseconds(max(5, rounds * 300 / (count / chunk)))
        let dropper = Task {
            for start in stride(from: 0, to: delivered.count, by: chunk) {
                let group = delivered[start..<min(start + chunk, delivered.count)]
                if tree {
                    // A folder written aside, then moved in whole.
                    let folder = String(group.first!.name.split(separator: "/")[0])
                    try FileManager.default.createDirectory(atPath: daemon.staging + "/" + folder, withIntermediateDirectories: true)
                    for file in group { try Data(file.bytes).write(to: URL(fileURLWithPath: daemon.staging + "/" + file.name)) }
                    try FileManager.default.moveItem(atPath: daemon.staging + "/" + folder, toPath: daemon.inbox + "/" + folder)
                } else {
                    for (file, (inbox, name)) in zip(group, places[group.indices]) {
                        let staged = daemon.staging + "/" + name
                        try Data(file.bytes).write(to: URL(fileURLWithPath: staged))
                        try FileManager.default.moveItem(atPath: staged, toPath: inbox + "/" + name)
                    }
                }
                try await Task.sleep(for: pause)
            }
        }
        var kills = 0
        for _ in 0..<rounds {
            try daemon.start()
            try await Task.sleep(for: .milliseconds(50 + Int(random.next() % 500)))
            daemon.signal(SIGKILL)
            _ = try await daemon.waitForExit()
            kills += 1
            // Between a crash and the restart, a file has all its entries or none.
            let wrong = try Self.entriesPerFile(daemon, expected: expected, byInbox: delivery == .twoInboxes).filter { $0.value != expected[$0.key] }
            #expect(wrong.isEmpty, "seed \(seed): \(wrong.sorted { $0.key < $1.key }.prefix(10))")
        }
        try await dropper.value
        try daemon.start()
        let byInbox = delivery == .twoInboxes
        #expect(try await eventually(timeout: 600) {
            try daemon.inboxFiles.isEmpty && (try? FileManager.default.contentsOfDirectory(atPath: inboxB).filter { !$0.hasPrefix(".") }.isEmpty) ?? true
                && Self.entriesPerFile(daemon, expected: expected, byInbox: byInbox).count == count
        }, "seed \(seed)")
        let perFile = try Self.entriesPerFile(daemon, expected: expected, byInbox: byInbox)
        let missing = expected.keys.filter { perFile[$0] == nil }.sorted()
        #expect(missing.isEmpty, "seed \(seed): \(missing.count) files have no entry: \(missing.prefix(10))")
        let wrong = perFile.filter { $0.value != expected[$0.key] }.sorted { $0.key < $1.key }
        #expect(wrong.isEmpty, "seed \(seed): files with an entry too many or too few: \(wrong.prefix(10))")
        let rejectedNames = (FileManager.default.subpaths(atPath: daemon.rejected) ?? [])
        for file in files where file.bytes.contains(0) {
            #expect(rejectedNames.contains { $0 == file.name || $0.hasPrefix(file.name + ".") && !$0.hasSuffix(".reason.json") }, "\(file.name) is not quarantined")
        }
        #expect(try TidingsBinary.run(["verify", "--store", daemon.store]).status == 0)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        print("kill -9 torture\(tree ? " over a tree" : byInbox ? " across two inboxes" : ""): \(kills) kills survived, \(count) files (\(count / 10) feeds of three items), seed \(seed)")
    }

    /// Journal entries a file, a file quarantined unread counted as having all of its: a
    /// file in flight at two kills in a row is quarantined whole, with one entry (see
    /// `inbox.max_attempts`), whatever it holds.
    static func entriesPerFile(_ daemon: DaemonHarness, expected: [String: Int], byInbox: Bool = false) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in try daemon.journal() {
            let file = (byInbox ? "\(entry["inbox"] as? String ?? "-")/" : "") + (entry["file"] as? String ?? "")
            let unread = (entry["reason"] as? String)?.hasPrefix("not read again: tidings stopped") == true
            counts[file, default: 0] += unread ? expected[file] ?? 1 : 1
        }
        return counts
    }

    /// An RSS feed of two stories and an item with only a title (rejected on its own).
    static func feed(_ index: Int) -> [UInt8] {
        func story(_ number: Int) -> String {
            DaemonTests.article(number).split(separator: "\n\n").dropFirst().joined(separator: "\n\n")
        }
        return Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Feed \(index)</title><link>https://feed.example/\(index)</link>
            <item><title>Story \(index) A</title><guid>\(index)-a</guid><description>\(story(1_000_000 + 2 * index))</description></item>
            <item><title>Story \(index) B</title><guid>\(index)-b</guid><description>\(story(1_000_001 + 2 * index))</description></item>
            <item><title>Story \(index) C, a title and nothing else</title><guid>\(index)-c</guid></item>
            </channel></rss>
            """.utf8)
    }
}
