import Foundation
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsDaemon

/// What happens to a file once its outcome is committed, in real directories.
@Suite struct InboxDisposerTests {
    let fixture: InboxFixture

    init() throws { fixture = try InboxFixture() }

    func outcome(_ file: String, _ kind: IngestOutcome.Kind, sequence: Int64 = 1, reason: String? = nil) -> IngestOutcome {
        IngestOutcome(sequence: sequence, file: file, kind: kind, articleID: kind == .rejected ? nil : 1, reason: reason)
    }

    func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test func storedFilesAreDeletedAndRejectedOnesQuarantinedWithTheirReason() throws {
        try fixture.deliver("good.txt", "text")
        try fixture.deliver("bad.bin", "binary")
        let batch = InboxDisposer(directories: fixture.directories).dispose([
            outcome("good.txt", .new), outcome("bad.bin", .rejected, sequence: 2, reason: "not text (NUL byte at offset 3)"),
        ])
        #expect(batch.disposals == [.deleted, .quarantined(fixture.settings.rejectedPath + "/bad.bin")])
        #expect(batch.syncFailure == nil)
        #expect(fixture.inboxNames.isEmpty)
        #expect(files(in: fixture.settings.rejectedPath) == ["bad.bin", "bad.bin.reason.json"])
        let sidecar = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: fixture.settings.rejectedPath + "/bad.bin.reason.json"))) as? [String: Any]
        #expect(sidecar?["file"] as? String == "bad.bin")
        #expect(sidecar?["reason"] as? String == "not text (NUL byte at offset 3)")
        #expect(sidecar?["journal_seq"] as? Int == 2)
        #expect(sidecar?["rejected_at"] is String)
    }

    @Test func aNameTakenInTheRejectedDirectoryGetsANumber() throws {
        let disposer = InboxDisposer(directories: fixture.directories)
        for round in 0..<3 {
            try fixture.deliver("bad.bin", "binary \(round)")
            _ = disposer.dispose([outcome("bad.bin", .rejected, reason: "no")])
        }
        #expect(files(in: fixture.settings.rejectedPath) == [
            "bad.bin", "bad.bin.1", "bad.bin.1.reason.json", "bad.bin.2", "bad.bin.2.reason.json", "bad.bin.reason.json",
        ])
    }

    @Test func anArchiveKeepsStoredFiles() throws {
        let fixture = try InboxFixture { $0.archivePath = $0.inboxPath + "/../archive" }
        try fixture.deliver("a.txt", "text")
        let batch = InboxDisposer(directories: fixture.directories).dispose([outcome("a.txt", .duplicate)])
        guard case .archived(let target) = batch.disposals.first else { Issue.record("\(batch.disposals)"); return }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "text")
        #expect(fixture.inboxNames.isEmpty)
    }

    @Test func aFileAlreadyGoneIsSaidSo() {
        #expect(InboxDisposer(directories: fixture.directories).dispose([outcome("gone.txt", .new)]).disposals == [.alreadyGone])
    }

    @Test func aFileThatCannotBeQuarantinedStaysWithNoLeftoversBehind() throws {
        try fixture.deliver("bad.bin", "binary")
        try FileManager.default.removeItem(atPath: fixture.settings.rejectedPath)  // the sidecar cannot be written
        let batch = InboxDisposer(directories: fixture.directories).dispose([outcome("bad.bin", .rejected, reason: "no")])
        guard case .leftInPlace(let why, let identity) = batch.disposals.first else { Issue.record("\(batch.disposals)"); return }
        #expect(why.contains("No such file or directory".lowercased()) || why.contains("no such file"))
        #expect(identity != nil)
        #expect(fixture.inboxNames == ["bad.bin"])
        #expect(!FileManager.default.fileExists(atPath: fixture.settings.rejectedPath))
    }

    @Test func aFailedRenameTakesItsSidecarBack() throws {
        // The file vanishes between commit and disposal, while its rejected name is free.
        let batch = InboxDisposer(directories: fixture.directories).dispose([outcome("vanished.bin", .rejected, reason: "no")])
        #expect(batch.disposals == [.alreadyGone])
        #expect(files(in: fixture.settings.rejectedPath).isEmpty, "a sidecar or a temporary file was left behind")
    }

    @Test func theCommandLineKeepsItsFiles() throws {
        let path = try fixture.deliver("a.txt", "text")
        #expect(KeepFiles().dispose([outcome("a.txt", .new)]).disposals == [.kept])
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
