import Foundation
import Glibc
import Testing
import TidingsTesting

/// Folders inside the inbox, with real writers: `mv` of a dated folder, `mkdir` + `cp` in
/// place, `rsync -a` of a tree, a folder under a temporary name, links, depth.
@Suite struct InboxTreeDeliveryTests {
    /// A daemon that rescans (and so removes emptied folders) every second.
    func daemon(_ settings: [String: String] = [:]) throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        daemon.environment["TIDINGS_INBOX_RESCAN_SECONDS"] = "1"
        daemon.environment.merge(settings) { $1 }
        return daemon
    }

    func stop(_ daemon: DaemonHarness) async throws {
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    @Test func aDatedFolderMovedInIsReadAndThenRemoved() async throws {
        let daemon = try daemon()
        try daemon.start()
        try await daemon.waitUntilWatching()
        try daemon.deliverFolder("2026-12-01", files: (1...3).map { ("story-\($0).txt", DaemonTests.article($0)) })
        #expect(try await eventually(timeout: 120) { try daemon.journalCount() == 3 && daemon.inboxFiles.isEmpty })
        #expect(try daemon.entriesPerFile() == ["2026-12-01/story-1.txt": 1, "2026-12-01/story-2.txt": 1, "2026-12-01/story-3.txt": 1])
        #expect(try await eventually(timeout: 60) { daemon.inboxFolders.isEmpty }, "\(daemon.inboxFolders)")
        #expect(daemon.log.contains("removed the emptied folder 2026-12-01"))
        try await stop(daemon)
    }

    /// `mkdir` then `cp` into the new folder: files written in place settle, then are read;
    /// the folder made before its watch existed is scanned, so the first file is not missed.
    @Test func aFolderMadeInPlaceAndFilledWithCpIsRead() async throws {
        let daemon = try daemon()
        try daemon.start()
        try await daemon.waitUntilWatching()
        let source = daemon.root.path("source.txt")
        try DaemonTests.article(7).write(toFile: source, atomically: true, encoding: .utf8)
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/sh")
        copy.arguments = ["-c", "mkdir -p '\(daemon.inbox)/upload/a' && cp '\(source)' '\(daemon.inbox)/upload/a/one.txt' && cp '\(source)' '\(daemon.inbox)/upload/two.txt'"]
        try copy.run()
        copy.waitUntilExit()
        #expect(copy.terminationStatus == 0)
        #expect(try await eventually(timeout: 120) { try daemon.journalCount() == 2 && daemon.inboxFiles.isEmpty })
        let outcomes = try daemon.journal().map { "\($0["outcome"] as? String ?? "") \($0["file"] as? String ?? "")" }.sorted()
        #expect(outcomes == ["duplicate upload/two.txt", "new upload/a/one.txt"] || outcomes == ["duplicate upload/a/one.txt", "new upload/two.txt"], "\(outcomes)")
        try await stop(daemon)
    }

    /// rsync writes each file under a dot-name beside it and renames it, folders first.
    @Test func rsyncOfATreeIsReadOnceWithItsPaths() async throws {
        let daemon = try daemon()
        let tree = daemon.root.path("tree")
        var expected: [String: Int] = [:]
        for index in 0..<30 {
            let path = "feed-\(index % 3)/2026-12-0\(index % 5 + 1)/story-\(index).txt"
            try FileManager.default.createDirectory(atPath: tree + "/" + (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try DaemonTests.article(100 + index).write(toFile: tree + "/" + path, atomically: true, encoding: .utf8)
            expected["agencies/" + path] = 1
        }
        try daemon.start()
        try await daemon.waitUntilWatching()
        let rsync = Process()
        rsync.executableURL = URL(fileURLWithPath: "/usr/bin/rsync")
        rsync.arguments = ["-a", tree + "/", daemon.inbox + "/agencies/"]
        try rsync.run()
        rsync.waitUntilExit()
        #expect(rsync.terminationStatus == 0)
        #expect(try await eventually(timeout: 180) { try daemon.journalCount() == 30 && daemon.inboxFiles.isEmpty })
        #expect(try daemon.entriesPerFile() == expected)
        #expect(try await eventually(timeout: 60) { daemon.inboxFolders.isEmpty }, "\(daemon.inboxFolders)")
        try await stop(daemon)
    }

    /// A folder under a temporary name (a dot-name) is not read until it is renamed; a link
    /// to a folder is a link, rejected and never followed; a folder nested too deep is left
    /// alone and said so.
    @Test func temporaryFoldersLinksAndDepthAreRespected() async throws {
        let daemon = try daemon(["TIDINGS_INBOX_MAX_DEPTH": "2"])
        let outside = daemon.root.path("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try DaemonTests.article(40).write(toFile: outside + "/secret.txt", atomically: true, encoding: .utf8)
        try daemon.start()
        try await daemon.waitUntilWatching()
        try FileManager.default.createDirectory(atPath: daemon.inbox + "/.upload", withIntermediateDirectories: true)
        try DaemonTests.article(41).write(toFile: daemon.inbox + "/.upload/late.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: daemon.inbox + "/link", withDestinationPath: outside)
        try daemon.deliverFolder("a/b/c", files: [("deep.txt", DaemonTests.article(42))])
        try daemon.deliver("marker.txt", DaemonTests.article(43))
        #expect(try await eventually(timeout: 120) { try daemon.entriesPerFile()["marker.txt"] == 1 && daemon.entriesPerFile()["link"] == 1 })
        #expect(try await eventually(timeout: 60) { daemon.log.contains("a/b/c is nested deeper than inbox.max_depth (2) folders") })
        let entries = try daemon.entriesPerFile()
        #expect(entries["link"] == 1 && entries.count == 2, "\(entries)")
        #expect(try daemon.journal().first { $0["file"] as? String == "link" }?["reason"] as? String == "not a regular file (a symbolic link, which is not followed)")
        #expect(FileManager.default.fileExists(atPath: outside + "/secret.txt"), "nothing behind the link was touched")
        #expect(FileManager.default.fileExists(atPath: daemon.inbox + "/a/b/c/deep.txt"))
        #expect(FileManager.default.fileExists(atPath: daemon.inbox + "/.upload/late.txt"))

        try FileManager.default.moveItem(atPath: daemon.inbox + "/.upload", toPath: daemon.inbox + "/upload")
        #expect(try await eventually(timeout: 120) { try daemon.entriesPerFile()["upload/late.txt"] == 1 })
        try await stop(daemon)
    }

    /// Folders that are there before the daemon starts are scanned and watched at start.
    @Test func aTreePresentAtStartIsReadAndWatched() async throws {
        let daemon = try daemon()
        try FileManager.default.createDirectory(atPath: daemon.inbox + "/old/feed", withIntermediateDirectories: true)
        try DaemonTests.article(50).write(toFile: daemon.inbox + "/old/feed/waiting.txt", atomically: true, encoding: .utf8)
        try daemon.start()
        try await daemon.waitUntilWatching()
        #expect(try await eventually(timeout: 120) { try daemon.entriesPerFile()["old/feed/waiting.txt"] == 1 })
        // The folder is watched: a file renamed into it is read at once, not at a rescan.
        try FileManager.default.createDirectory(atPath: daemon.inbox + "/old/feed", withIntermediateDirectories: true)
        try Data(DaemonTests.article(51).utf8).write(to: URL(fileURLWithPath: daemon.staging + "/new.txt"))
        try FileManager.default.moveItem(atPath: daemon.staging + "/new.txt", toPath: daemon.inbox + "/old/feed/new.txt")
        #expect(try await eventually(timeout: 120) { try daemon.entriesPerFile()["old/feed/new.txt"] == 1 })
        try await stop(daemon)
    }
}
