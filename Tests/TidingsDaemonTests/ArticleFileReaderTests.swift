import Foundation
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsDaemon

/// Real files of every kind, in a real directory.
@Suite struct ArticleFileReaderTests {
    let directory = TemporaryDirectory("tidings-reader")
    let reader = ArticleFileReader(maxFileBytes: 1024, followsSymbolicLinks: false)

    func rejection(_ result: ArticleFileReader.Result) -> Rejection? {
        if case .rejected(let rejection, _) = result { return rejection }
        return nil
    }

    @Test func regularFileIsReadWhole() throws {
        let path = try directory.write("a.txt", "hello")
        guard case .bytes(let bytes) = reader.read(path) else { Issue.record("not read"); return }
        #expect(bytes == Array("hello".utf8))
    }

    @Test func fifoIsRejectedWithoutBlocking() throws {
        let path = directory.path("pipe")
        #expect(mkfifo(path, 0o644) == 0)
        #expect(rejection(reader.read(path)) == Rejection(.notRegularFile, "not a regular file (a FIFO)"))
    }

    @Test func directoryIsRejected() throws {
        let path = directory.path("sub")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(rejection(reader.read(path)) == Rejection(.notRegularFile, "not a regular file (a directory)"))
    }

    @Test func symbolicLinkIsNotFollowedUnlessAllowed() throws {
        let outside = TemporaryDirectory("tidings-outside")
        let target = try outside.write("secret.txt", "outside the inbox")
        let link = directory.path("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(rejection(reader.read(link)) == Rejection(.notRegularFile, "not a regular file (a symbolic link, which is not followed)"))
        guard case .bytes = ArticleFileReader(maxFileBytes: 1024, followsSymbolicLinks: true).read(link) else {
            Issue.record("a link named by the user is followed")
            return
        }
    }

    @Test func oversizedFileIsRejectedUnread() throws {
        let path = directory.path("big.txt")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        guard case .rejected(let rejection, let size) = reader.read(path) else { Issue.record("read"); return }
        #expect(rejection == Rejection(.tooLarge, "too large (52428800 bytes; the limit is 1024)"))
        #expect(size == 52_428_800)
    }

    @Test func missingFileIsUnreadable() {
        #expect(rejection(reader.read(directory.path("nope"))) == Rejection(.unreadable, "unreadable (no such file)"))
    }

    @Test(.disabled(if: getuid() == 0, "root reads files whatever their mode"))
    func fileWithoutReadPermissionIsUnreadable() throws {
        let path = try directory.write("locked.txt", "x")
        #expect(chmod(path, 0) == 0)
        #expect(rejection(reader.read(path)) == Rejection(.unreadable, "unreadable (permission denied)"))
    }
}
