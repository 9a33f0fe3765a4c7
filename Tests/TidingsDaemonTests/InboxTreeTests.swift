import Foundation
import LinuxSystem
import SystemPackage
import Testing
import TidingsTesting
@testable import TidingsDaemon

/// The inbox as a tree, on real directories: entries are reached beneath the inbox only,
/// whatever a producer swaps in for a folder.
@Suite struct InboxTreeTests {
    let directory = TemporaryDirectory("tidings-tree")
    var inbox: String { directory.path("inbox") }
    var tree: InboxTree { InboxTree(root: inbox) }

    init() throws {
        try FileManager.default.createDirectory(atPath: directory.path("inbox/feed/2026-12-01"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path("claims"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path("outside"), withIntermediateDirectories: true)
        try directory.write("inbox/feed/2026-12-01/a.txt", "a story")
        try directory.write("outside/secret.txt", "not the inbox's")
    }

    @Test func anEntryInAFolderIsMovedOutAndPutBack() throws {
        let claims = try DirectoryHandle.open(directory.path("claims"))
        #expect(try tree.status(of: "feed/2026-12-01/a.txt").size == 7)
        try tree.move("feed/2026-12-01/a.txt", to: claims, as: "token")
        #expect(FileManager.default.fileExists(atPath: directory.path("claims/token")))
        // The folders went meanwhile: putting the file back makes them again.
        try FileManager.default.removeItem(atPath: directory.path("inbox/feed"))
        try tree.putBack("token", from: claims, at: "feed/2026-12-01/a.txt")
        #expect(try String(contentsOfFile: directory.path("inbox/feed/2026-12-01/a.txt"), encoding: .utf8) == "a story")
        // Something delivered at that name meanwhile is never replaced.
        try directory.write("claims/token", "another")
        #expect(throws: SystemCallError.self) { try tree.putBack("token", from: claims, at: "feed/2026-12-01/a.txt") }
        #expect(try String(contentsOfFile: directory.path("inbox/feed/2026-12-01/a.txt"), encoding: .utf8) == "a story")
    }

    /// A folder swapped for a link to elsewhere: the entry is out of reach, and what the
    /// link leads to is not touched.
    @Test func aFolderSwappedForALinkLeadsNowhere() throws {
        try FileManager.default.createSymbolicLink(atPath: directory.path("inbox/swapped"), withDestinationPath: directory.path("outside"))
        let claims = try DirectoryHandle.open(directory.path("claims"))
        #expect(throws: SystemCallError.self) { try tree.status(of: "swapped/secret.txt") }
        #expect(throws: SystemCallError.self) { try tree.move("swapped/secret.txt", to: claims, as: "stolen") }
        #expect(FileManager.default.fileExists(atPath: directory.path("outside/secret.txt")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("claims/stolen")))
        #expect(!tree.removeIfEmpty("swapped"), "a link is not a folder to remove")
        // A path that climbs out is refused as well.
        #expect(throws: SystemCallError.self) { try tree.status(of: "../outside/secret.txt") }
    }

    @Test func onlyFoldersSeenEmptyAfterDisposalAreRemovedAndOnlyIfStillEmpty() throws {
        try FileManager.default.createDirectory(atPath: inbox + "/kept", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: inbox + "/feed/2026-12-02", withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: inbox + "/feed/2026-12-01/a.txt")
        let emptied = EmptiedFolders()
        emptied.noteDisposal(in: ["feed/2026-12-01", "feed/2026-12-02", "feed"], tree: tree)
        // A file arrives in one of them before the removal: that one stays.
        try directory.write("inbox/feed/2026-12-02/late.txt", "late")
        #expect(emptied.removeEmpty(tree: tree) == ["feed/2026-12-01"])
        #expect(FileManager.default.fileExists(atPath: inbox + "/feed/2026-12-02/late.txt"))
        #expect(FileManager.default.fileExists(atPath: inbox + "/kept"), "never seen empty after a disposal")
        #expect(emptied.removeEmpty(tree: tree).isEmpty, "each candidate is tried once")
    }

    @Test func aScanListsFilesByTheirPathAndSkipsTemporaryAndTooDeepFolders() throws {
        try FileManager.default.createDirectory(atPath: inbox + "/.upload", withIntermediateDirectories: true)
        try directory.write("inbox/.upload/b.txt", "not yet")
        try FileManager.default.createDirectory(atPath: inbox + "/x/y/z", withIntermediateDirectories: true)
        try directory.write("inbox/x/y/z/deep.txt", "deep")
        try directory.write("inbox/top.txt", "top")
        let watcher = try InboxWatcher(directory: inbox)
        defer { watcher.stop() }
        let scan = InboxScan.walk(FileName(bytes: []), tree: tree, watcher: watcher, maxDepth: 2, ignoredSuffixes: [".tmp"])
        #expect(scan.files.map(\.description).sorted() == ["feed/2026-12-01/a.txt", "top.txt"])
        #expect(scan.tooDeep.map(\.description) == ["x/y/z"])
        #expect(watcher.watchCount == 5, "the inbox, feed, feed/2026-12-01, x and x/y")
    }
}
