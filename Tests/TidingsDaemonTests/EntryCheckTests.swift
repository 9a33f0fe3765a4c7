import Foundation
import Glibc
import LinuxSystem
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsDaemon

/// The per-file decisions before a file is read, on real files and a clock the test moves.
@Suite struct EntryCheckTests {
    let clock = ManualClock()
    let fixture: InboxFixture
    let check: EntryCheck

    init() throws {
        fixture = try InboxFixture(settleMilliseconds: 500)
        check = EntryCheck(directories: fixture.directories, settings: fixture.settings, leftInPlace: LeftInPlace())
    }

    @Test func aFileRenamedInIsReadAtOnce() throws {
        try fixture.deliver("a.txt", "text")
        #expect(check.check(InboxEntry(name: "a.txt", source: .movedIn), now: clock.now) == .read)
    }

    @Test func aFileWrittenInPlaceIsReadOnceItHasLookedTheSameForTheSettleWindow() throws {
        try fixture.write("a.txt", "text")
        var entry = InboxEntry(name: "a.txt", source: .written)
        guard case .wait(let until, let observed) = check.check(entry, now: clock.now) else {
            Issue.record("read before it settled")
            return
        }
        #expect(until == clock.now + .milliseconds(500))
        entry.observed = observed
        clock.advance(by: .milliseconds(499))
        #expect(check.check(entry, now: clock.now) == .wait(until: until, observed: observed))
        clock.advance(by: .milliseconds(1))
        #expect(check.check(entry, now: clock.now) == .read)
    }

    @Test func aWriterThatClosesAndReopensToAppendIsWaitedFor() throws {
        try fixture.write("a.txt", "first half")
        var entry = InboxEntry(name: "a.txt", source: .written)
        guard case .wait(_, let first) = check.check(entry, now: clock.now) else { Issue.record("not waited for"); return }
        entry.observed = first
        clock.advance(by: .milliseconds(100))
        try fixture.append("a.txt", ", second half")
        clock.advance(by: .milliseconds(400))
        guard case .wait(let until, let second) = check.check(entry, now: clock.now) else {
            Issue.record("read half-way: the append was not noticed")
            return
        }
        #expect(second != first)
        #expect(until == clock.now + .milliseconds(500), "the settle window starts again at the change")
        entry.observed = second
        clock.advance(by: .milliseconds(500))
        #expect(check.check(entry, now: clock.now) == .read)
    }

    @Test func scannedFilesSettleLikeWrittenOnes() throws {
        try fixture.deliver("a.txt", "text")
        guard case .wait = check.check(InboxEntry(name: "a.txt", source: .scanned), now: clock.now) else {
            Issue.record("a scanned file was read before it settled")
            return
        }
    }

    @Test func withoutASettleWindowEverythingIsReadAtOnce() throws {
        let fixture = try InboxFixture(settleMilliseconds: 0)
        let check = EntryCheck(directories: fixture.directories, settings: fixture.settings, leftInPlace: LeftInPlace())
        try fixture.write("a.txt", "text")
        #expect(check.check(InboxEntry(name: "a.txt", source: .written), now: clock.now) == .read)
    }

    @Test(arguments: [".a.txt.XXXXXX", "a.txt.tmp", "a.txt.part", "a.txt.swp", "a.txt~", "a.txt.crdownload"])
    func writersTemporaryNamesAreNeverRead(name: String) throws {
        try fixture.deliver(name, "text")
        #expect(check.check(InboxEntry(name: name, source: .movedIn), now: clock.now) == .skip)
    }

    @Test func anEntryGoneMeanwhileIsSkipped() {
        #expect(check.check(InboxEntry(name: "gone.txt", source: .movedIn), now: clock.now) == .skip)
    }

    @Test func entriesThatAreNotRegularFilesAreRejectedUnread() throws {
        #expect(mkfifo(fixture.inbox + "/pipe", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: fixture.inbox + "/link", withDestinationPath: "/etc/passwd")
        try FileManager.default.createDirectory(atPath: fixture.inbox + "/folder", withIntermediateDirectories: false)
        #expect(check.check(InboxEntry(name: "pipe", source: .movedIn), now: clock.now) == .reject(Rejection(.notRegularFile, "not a regular file (a FIFO)")))
        #expect(check.check(InboxEntry(name: "link", source: .movedIn), now: clock.now)
            == .reject(Rejection(.notRegularFile, "not a regular file (a symbolic link, which is not followed)")))
        #expect(check.check(InboxEntry(name: "folder", source: .movedIn), now: clock.now) == .reject(Rejection(.notRegularFile, "not a regular file (a directory)")))
    }

    @Test func aFileLeftInPlaceIsSkippedUntilItChanges() throws {
        let path = try fixture.deliver("a.txt", "text")
        check.leftInPlace.remember("a.txt", as: FileIdentity(try FileSystem.status(path)))
        #expect(check.check(InboxEntry(name: "a.txt", source: .scanned), now: clock.now) == .skip)
        try fixture.deliver("a.txt", "another text")
        #expect(check.check(InboxEntry(name: "a.txt", source: .movedIn), now: clock.now) == .read)
    }

    @Test func aFileAWriterHoldsOpenIsPutOffNotRead() async throws {
        let path = try fixture.deliver("a.txt", InboxFixture.article(1))
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try await BlockingThreads.run { threads in
            let pipeline = IngestPipeline(settings: fixture.settings, mode: .inbox, threads: threads, parsing: InlineParsing())
            let held = try await pipeline.prepare(entries: [InboxEntry(name: "a.txt", source: .movedIn)], check: check, now: clock.now)
            guard case .wait(let until, nil) = held.first else { Issue.record("read while a writer held it: \(held)"); return }
            #expect(until == clock.now + check.busyRetry)
            try writer.close()
            let released = try await pipeline.prepare(entries: [InboxEntry(name: "a.txt", source: .movedIn)], check: check, now: clock.now)
            guard case .item(let item) = released.first else { Issue.record("not read once the writer closed it: \(released)"); return }
            #expect(item.size == InboxFixture.article(1).utf8.count)
        }
    }
}
