import Foundation
import Glibc
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsDaemon

/// What happens to a file once its outcome is committed, in real directories.
@Suite struct InboxDisposerTests {
    let fixture: InboxFixture
    var disposer: InboxDisposer { InboxDisposer(directories: fixture.directories) }
    var rejected: String { fixture.settings.rejectedPath }

    init() throws { fixture = try InboxFixture() }

    func outcome(_ file: String, _ kind: IngestOutcome.Kind, sequence: Int64 = 1, reason: String? = nil) -> IngestOutcome {
        IngestOutcome(sequence: sequence, file: file, kind: kind, articleID: kind == .rejected ? nil : 1, reason: reason)
    }

    func path(_ name: String) -> String { fixture.inbox + "/" + name }

    @Test func storedFilesAreDeletedAndRejectedOnesQuarantinedWithTheirReason() throws {
        try fixture.deliver("good.txt", "text")
        try fixture.deliver("bad.bin", "binary")
        let batch = disposer.dispose(
            [outcome("good.txt", .new), outcome("bad.bin", .rejected, sequence: 2, reason: "not text (NUL byte at offset 3)")],
            at: [path("good.txt"), path("bad.bin")])
        #expect(batch.disposals == [.deleted, .quarantined(rejected + "/bad.bin")])
        #expect(batch.syncFailure == nil)
        #expect(fixture.inboxNames.isEmpty)
        #expect(fixture.names(in: rejected) == ["bad.bin", "bad.bin.reason.json"])
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: rejected + "/bad.bin.reason.json"))) as? [String: Any]
        #expect(sidecar?["file"] as? String == "bad.bin")
        #expect(sidecar?["reason"] as? String == "not text (NUL byte at offset 3)")
        #expect(sidecar?["journal_seq"] as? Int == 2)
        #expect(sidecar?["rejected_at"] is String)
    }

    @Test func aFileIsDisposedOfWhereItIsAndQuarantinedUnderItsInboxName() throws {
        try fixture.deliver("bad.bin", "binary")
        #expect(rename(path("bad.bin"), fixture.claims.path("token")) == 0)
        let batch = disposer.dispose([outcome("bad.bin", .rejected, reason: "no")], at: [fixture.claims.path("token")])
        #expect(batch.disposals == [.quarantined(rejected + "/bad.bin")])
        #expect(fixture.claimedNames.isEmpty)
    }

    @Test func aNameTakenInTheRejectedDirectoryGetsANumber() throws {
        for round in 0..<3 {
            try fixture.deliver("bad.bin", "binary \(round)")
            _ = disposer.dispose([outcome("bad.bin", .rejected, reason: "no")], at: [path("bad.bin")])
        }
        #expect(fixture.names(in: rejected) == [
            "bad.bin", "bad.bin.1", "bad.bin.1.reason.json", "bad.bin.2", "bad.bin.2.reason.json", "bad.bin.reason.json",
        ])
    }

    @Test func aNameTooLongForItsSidecarIsShortenedAndTheFullNameKeptInTheSidecar() throws {
        let name = String(repeating: "n", count: 250)
        try fixture.deliver(name, "binary")
        let batch = disposer.dispose([outcome(name, .rejected, reason: "no")], at: [path(name)])
        guard case .quarantined(let target) = batch.disposals.first else { Issue.record("\(batch.disposals)"); return }
        #expect(target.utf8.count - rejected.utf8.count - 1 <= InboxDisposer.maxNameBytes)
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: target + ".reason.json"))) as? [String: Any]
        #expect(sidecar?["file"] as? String == name)
        #expect(!fixture.names(in: rejected).contains { $0.hasSuffix(".tmp") }, "a temporary file was left behind")
    }

    @Test func entriesThatAreNotRegularFilesAreQuarantinedAsTheyAre() throws {
        let outside = TemporaryDirectory("tidings-outside")
        let secret = try outside.write("secret.txt", "outside the inbox")
        try FileManager.default.createSymbolicLink(atPath: path("link"), withDestinationPath: secret)
        #expect(mkfifo(path("pipe"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: path("folder"), withIntermediateDirectories: false)
        let batch = disposer.dispose(
            ["link", "pipe", "folder"].map { outcome($0, .rejected, reason: "not a regular file") }, at: ["link", "pipe", "folder"].map(path))
        #expect(batch.disposals == ["link", "pipe", "folder"].map { .quarantined(rejected + "/" + $0) })
        #expect(fixture.inboxNames.isEmpty)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: rejected + "/link")) == secret, "the link itself is kept")
        #expect(try String(contentsOfFile: secret, encoding: .utf8) == "outside the inbox", "the link's target was touched")
    }

    @Test func anArchiveKeepsStoredFiles() throws {
        let fixture = try InboxFixture { $0.archivePath = $0.inboxPath + "/../archive" }
        try fixture.deliver("a.txt", "text")
        let batch = InboxDisposer(directories: fixture.directories).dispose([outcome("a.txt", .duplicate)], at: [fixture.inbox + "/a.txt"])
        guard case .archived(let target) = batch.disposals.first else { Issue.record("\(batch.disposals)"); return }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "text")
        #expect(fixture.inboxNames.isEmpty)
    }

    @Test func aFileAlreadyGoneIsSaidSoWithNoLeftoversBehind() {
        #expect(disposer.dispose([outcome("gone.txt", .new)], at: [path("gone.txt")]).disposals == [.alreadyGone])
        #expect(disposer.dispose([outcome("gone.bin", .rejected, reason: "no")], at: [path("gone.bin")]).disposals == [.alreadyGone])
        #expect(fixture.names(in: rejected).isEmpty, "a sidecar or a temporary file was left behind")
    }

    @Test func aFileThatCannotBeQuarantinedStaysWithNoLeftoversBehind() throws {
        try fixture.deliver("bad.bin", "binary")
        try FileManager.default.removeItem(atPath: rejected)  // the sidecar cannot be written
        let batch = disposer.dispose([outcome("bad.bin", .rejected, reason: "no")], at: [path("bad.bin")])
        guard case .leftInPlace(let why, let identity) = batch.disposals.first else { Issue.record("\(batch.disposals)"); return }
        #expect(why.contains("no such file or directory"))
        #expect(identity != nil)
        #expect(fixture.inboxNames == ["bad.bin"])
    }

    @Test func theCommandLineKeepsItsFiles() throws {
        let file = try fixture.deliver("a.txt", "text")
        #expect(KeepFiles().dispose([outcome("a.txt", .new)], at: [file]).disposals == [.kept])
        #expect(FileManager.default.fileExists(atPath: file))
    }
}
