import Foundation
import Glibc
import LinuxSystem
import Testing
import TidingsCore
import TidingsStore
import TidingsTesting
@testable import TidingsDaemon

/// The per-file decisions before a file is claimed, on real files and a clock the test moves.
@Suite struct EntryCheckTests {
    let clock = ManualClock()
    let fixture: InboxFixture
    let check: EntryCheck

    init() throws {
        fixture = try InboxFixture(settleMilliseconds: 500)
        check = fixture.check()
    }

    @Test func aFileRenamedInIsReadyAtOnce() throws {
        try fixture.deliver("a.txt", "text")
        #expect(check.check(InboxEntry(name: "a.txt", source: .movedIn), now: clock.now) == .ready(size: 4))
    }

    @Test func aFileWrittenInPlaceIsReadyOnceItHasLookedTheSameForTheSettleWindow() throws {
        try fixture.write("a.txt", "text")
        var entry = InboxEntry(name: "a.txt", source: .written)
        guard case .wait(let until, let observed) = check.check(entry, now: clock.now) else {
            Issue.record("taken before it settled")
            return
        }
        #expect(until == clock.now + .milliseconds(500))
        entry.observed = observed
        clock.advance(by: .milliseconds(499))
        #expect(check.check(entry, now: clock.now) == .wait(until: until, observed: observed))
        clock.advance(by: .milliseconds(1))
        #expect(check.check(entry, now: clock.now) == .ready(size: 4))
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
            Issue.record("taken half-way: the append was not noticed")
            return
        }
        #expect(second != first)
        #expect(until == clock.now + .milliseconds(500), "the settle window starts again at the change")
        entry.observed = second
        clock.advance(by: .milliseconds(500))
        #expect(check.check(entry, now: clock.now) == .ready(size: 23))
    }

    @Test func scannedFilesSettleLikeWrittenOnes() throws {
        try fixture.deliver("a.txt", "text")
        guard case .wait = check.check(InboxEntry(name: "a.txt", source: .scanned), now: clock.now) else {
            Issue.record("a scanned file was taken before it settled")
            return
        }
    }

    @Test func withoutASettleWindowEverythingIsReadyAtOnce() throws {
        let fixture = try InboxFixture(settleMilliseconds: 0)
        try fixture.write("a.txt", "text")
        #expect(fixture.check().check(InboxEntry(name: "a.txt", source: .written), now: clock.now) == .ready(size: 4))
    }

    @Test(arguments: [".a.txt.XXXXXX", "a.txt.tmp", "a.txt.part", "a.txt.swp", "a.txt~", "a.txt.crdownload", ClaimsDirectory.name])
    func writersTemporaryNamesAndTheClaimsDirectoryAreNeverTaken(name: String) throws {
        if name != ClaimsDirectory.name { try fixture.deliver(name, "text") }
        #expect(check.check(InboxEntry(name: FileName(name), source: .movedIn), now: clock.now) == .skip)
    }

    @Test func anEntryGoneMeanwhileIsSkipped() {
        #expect(check.check(InboxEntry(name: "gone.txt", source: .movedIn), now: clock.now) == .skip)
        let claim = Claim(token: "t", file: "gone.txt", attempts: 1)
        #expect(check.check(InboxEntry(name: "gone.txt", source: .movedIn, claim: claim), now: clock.now) == .skip)
    }

    @Test func entriesThatAreNotRegularFilesAreTakenAtOnceWithoutSettling() throws {
        #expect(mkfifo(fixture.inbox + "/pipe", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: fixture.inbox + "/link", withDestinationPath: "/etc/passwd")
        for name in ["pipe", "link"] {
            #expect(check.check(InboxEntry(name: FileName(name), source: .written), now: clock.now) == .ready(size: 0), "\(name)")
        }
    }

    @Test func aFileLeftInPlaceIsSkippedUntilItChanges() throws {
        let path = try fixture.deliver("a.txt", "text")
        check.leftInPlace.remember("a.txt", as: FileIdentity(try FileSystem.status(path)))
        #expect(check.check(InboxEntry(name: "a.txt", source: .scanned), now: clock.now) == .skip)
        try fixture.deliver("a.txt", "another text")
        #expect(check.check(InboxEntry(name: "a.txt", source: .movedIn), now: clock.now) == .ready(size: 12))
    }

    @Test func aClaimedEntryIsLookedForInTheClaimsDirectory() throws {
        try fixture.deliver("a.txt", "text")
        #expect(rename(fixture.inbox + "/a.txt", fixture.claims.path("token")) == 0)
        let entry = InboxEntry(name: "a.txt", source: .movedIn, claim: Claim(token: "token", file: "a.txt", attempts: 1))
        #expect(check.claimedPath(of: try #require(entry.claim)) == fixture.claims.path("token"))
        #expect(check.check(entry, now: clock.now) == .ready(size: 4))
    }
}
