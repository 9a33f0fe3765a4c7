import LinuxSystem
import Foundation
import Glibc
import Logging
import Synchronization
import Testing
import TidingsCore
import TidingsStore
import TidingsTesting
@testable import TidingsDaemon

/// Claiming before reading: producers cannot swap what the daemon reads, and a file that
/// stops the daemon is read alone next time and quarantined unread after that.
@Suite struct ClaimTests {
    let clock = ManualClock()
    let fixture: InboxFixture
    let queue = InboxQueue()

    init() throws { fixture = try InboxFixture(settleMilliseconds: 0) { $0.archivePath = $0.inboxPath + "/../archive" } }

    var archive: String { fixture.settings.archivePath }

    func withService(parsing: any ArticleParsing, workers: Int = 2, _ body: (IngestService) async throws -> Void) async throws {
        try await BlockingThreads.run(workers: workers) { threads in
            let state = DaemonState(settings: fixture.settings, countsAtStart: try fixture.store.stats())
            try await body(IngestService(
                state: state, queue: queue, writer: fixture.writer(), directories: fixture.directories, claims: fixture.claims,
                threads: threads, parsing: parsing, clock: clock, logger: Logger(label: "test")))
        }
    }

    @Test func aFileSwappedForALinkWhileItIsParsedIsStoredAsReadAndTheLinkNeverFollowed() async throws {
        let outside = TemporaryDirectory("tidings-outside")
        let secret = try outside.write("shadow", "root:secret:::")
        let inbox = fixture.inbox
        let swapping = HookedParsing { name in
            // The producer replaces the path it delivered with a link to a file it cannot read.
            if name == "a.txt" { _ = symlink(secret, inbox + "/a.txt") }
        }
        try fixture.deliver("a.txt", InboxFixture.article(1))
        queue.add("a.txt", source: .movedIn, now: clock.now)
        try await withService(parsing: swapping) { (service: IngestService) async throws in
            #expect(try await service.processDueBatch())
            queue.add("a.txt", source: .movedIn, now: clock.now)  // the link's IN_CREATE
            #expect(try await service.processDueBatch())
        }
        let journal = try fixture.journal()
        #expect(journal.map(\.outcome) == [.new, .rejected])
        #expect(journal.last?.reason == "not a regular file (a symbolic link, which is not followed)")
        #expect(try String(contentsOfFile: archive + "/a.txt", encoding: .utf8) == InboxFixture.article(1), "the archive holds what was read")
        #expect(fixture.names(in: archive) == ["a.txt"], "the link was archived")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: fixture.settings.rejectedPath + "/a.txt")) == secret,
                "the link is quarantined as it is")
        #expect(try String(contentsOfFile: secret, encoding: .utf8) == "root:secret:::")
        #expect(fixture.inboxNames.isEmpty)
        #expect(fixture.claimedNames.isEmpty)
    }

    @Test func aFileWhoseNameIsNotUTF8IsReadByItsBytesAndJournaledWithThemEscaped() async throws {
        let name: [UInt8] = Array("Caf".utf8) + [0xE9] + Array(" \u{1B}.txt".utf8)  // Latin-1 é, and an escape
        let path = Array(fixture.inbox.utf8) + [UInt8(ascii: "/")] + name + [0]
        let descriptor = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) } }
        #expect(descriptor >= 0)
        let text = Array(InboxFixture.article(4).utf8)
        #expect(write(descriptor, text, text.count) == text.count)
        close(descriptor)
        try await withService(parsing: InlineParsing()) { (service: IngestService) async throws in
            try await BlockingThreads.run(workers: 1) { threads in
                let watcher = try InboxWatcher(directory: fixture.inbox)
                defer { watcher.stop() }
                _ = try await WatchService.scan(FileName(bytes: []), watcher: watcher, into: queue, threads: threads, settings: fixture.settings, now: clock.now)
            }
            while try await service.processDueBatch() {}
        }
        let entry = try #require(try fixture.journal().first)
        #expect(entry.outcome == .new)
        #expect(entry.file == "Caf\\xe9 \u{1B}.txt", "\(entry.file)")
        #expect(fixture.inboxNames.isEmpty, "the file was skipped: \(fixture.inboxNames)")
    }

    @Test func aHardLinkedFileIsRefusedAndItsOtherNameLeftAlone() async throws {
        let outside = TemporaryDirectory("tidings-outside")
        let original = try outside.write("original.txt", InboxFixture.article(2))
        // Same filesystem is needed for a link: place the original beside the inbox.
        let beside = fixture.root.path("original.txt")
        try FileManager.default.moveItem(atPath: original, toPath: beside)
        #expect(link(beside, fixture.inbox + "/linked.txt") == 0)
        queue.add("linked.txt", source: .movedIn, now: clock.now)
        try await withService(parsing: InlineParsing()) { (service: IngestService) async throws in
            #expect(try await service.processDueBatch())
        }
        let entry = try #require(try fixture.journal().first)
        #expect(entry.outcome == .rejected)
        #expect(entry.reason == "refused: it has 2 hard links (a file linked from elsewhere is never read)")
        #expect(try String(contentsOfFile: beside, encoding: .utf8) == InboxFixture.article(2))
    }

    @Test func filesBeingReadWhenTheDaemonDiedAreReadAgainAloneThenQuarantinedUnread() async throws {
        // A run that died while reading two files left them claimed, one attempt each; the
        // other had been read twice when the daemon died, both times.
        for (name, attempts) in [("innocent.txt", 1), ("killer.txt", 2)] {
            try fixture.deliver(name, InboxFixture.article(name.count))
            #expect(rename(fixture.inbox + "/" + name, fixture.claims.path("token-" + name)) == 0)
            for _ in 0..<attempts { _ = try fixture.store.recordAttempts([("token-" + name, name)], releasing: []) }
        }
        try fixture.deliver("new.txt", InboxFixture.article(3))
        let suspects = try ClaimRecovery.recover(
            fixture.claims, store: fixture.store, directories: fixture.directories, maxAttempts: 2, logger: Logger(label: "test")).suspects
        #expect(Set(suspects.map(\.name)) == ["innocent.txt", "killer.txt"])
        for suspect in suspects { queue.putBack(suspect, due: clock.now) }
        queue.add("new.txt", source: .movedIn, now: clock.now)
        let parsing = HookedParsing()
        try await withService(parsing: parsing) { (service: IngestService) async throws in
            #expect(try await service.processDueBatch())
            #expect(try fixture.journal().count == 1, "a suspect was read together with another file")
            while try await service.processDueBatch() {}
        }
        let outcomes = Dictionary(uniqueKeysWithValues: try fixture.journal().map { ($0.file, $0) })
        #expect(outcomes["innocent.txt"]?.outcome == .new)
        #expect(outcomes["new.txt"]?.outcome == .new)
        #expect(outcomes["killer.txt"]?.outcome == .rejected)
        #expect(outcomes["killer.txt"]?.reason?.hasPrefix("not read again: tidings stopped 2 times while reading this file") == true)
        #expect(!parsing.parsedNames.contains("killer.txt"), "the file that stopped the daemon twice was read again")
        #expect(fixture.names(in: fixture.settings.rejectedPath) == ["killer.txt", "killer.txt.reason.json"])
        #expect(fixture.claimedNames.isEmpty)
    }

    /// With several inboxes, each claim is found in its own inbox's claims directory and
    /// goes back to that inbox's queue; a claim in none of them was disposed of already.
    @Test func claimsOfSeveralInboxesGoBackEachToItsOwnInbox() throws {
        try FileManager.default.createDirectory(atPath: fixture.root.path("second"), withIntermediateDirectories: true)
        let second = try InboxDirectories(
            InboxSettings(name: "second", path: fixture.root.path("second"), rejectedPath: fixture.root.path("rejected-second"), archivePath: ""),
            named: true)
        let secondClaims = try ClaimsDirectory(inbox: second.inbox, rejected: second.rejected)
        for (claims, name) in [(fixture.claims, "first.txt"), (secondClaims, "same/name.txt"), (fixture.claims, "same/name.txt")] {
            let token = ClaimsDirectory.newToken()
            try InboxFixture.article(name.count).write(toFile: claims.path(token), atomically: false, encoding: .utf8)
            _ = try fixture.store.recordAttempts([(token, name)], releasing: [])
        }
        _ = try fixture.store.recordAttempts([("gone-token", "gone.txt")], releasing: [])
        let found = try ClaimRecovery.recover(
            [(fixture.directories, fixture.claims), (second, secondClaims)], store: fixture.store, maxAttempts: 2, logger: Logger(label: "test"))
        #expect(found.map { $0.suspects.map(\.name.description).sorted() } == [["first.txt", "same/name.txt"], ["same/name.txt"]])
        #expect(try fixture.store.claims().map(\.file).sorted() == ["first.txt", "same/name.txt", "same/name.txt"], "the claim of no inbox was not released")
    }

    @Test func aFileCommittedBeforeACrashIsOnlyDisposedOfNeverReadOrJournaledAgain() async throws {
        try fixture.deliver("a.txt", InboxFixture.article(1))
        queue.add("a.txt", source: .movedIn, now: clock.now)
        // Commit, but die before disposing of it: the disposer fails (no archive directory).
        try FileManager.default.removeItem(atPath: archive)
        try await withService(parsing: InlineParsing()) { (service: IngestService) async throws in
            #expect(try await service.processDueBatch())
        }
        #expect(fixture.claimedNames.count == 1)
        let claim = try #require(try fixture.store.claims().first)
        #expect(claim.committed?.kind == .new)
        try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: false)
        let found = try ClaimRecovery.recover(
            fixture.claims, store: fixture.store, directories: fixture.directories, maxAttempts: 2, logger: Logger(label: "test"))
        #expect(found.suspects.isEmpty)
        #expect(found.committed.map(\.outcome.sequence) == [1])
        #expect(try fixture.journal().count == 1)
    }

    @Test func aClaimIsRecordedBeforeTheFileIsOpenedAndReleasedAfterItIsDisposedOf() async throws {
        try fixture.deliver("a.txt", InboxFixture.article(1))
        try fixture.deliver("b.txt", InboxFixture.article(2))
        let store = fixture.store
        let seen = Mutex<[Claim]>([])
        let parsing = HookedParsing { _ in seen.withLock { $0 = (try? store.claims()) ?? [] } }
        queue.add("a.txt", source: .movedIn, now: clock.now)
        try await withService(parsing: parsing) { (service: IngestService) async throws in
            #expect(try await service.processDueBatch())
            #expect(seen.withLock { $0.map(\.file) } == ["a.txt"], "the file was opened before its claim was recorded")
            #expect(seen.withLock { $0.first?.attempts } == 1)
            queue.add("b.txt", source: .movedIn, now: clock.now)
            #expect(try await service.processDueBatch())
        }
        #expect(try fixture.store.claims().map(\.file) == ["b.txt"], "a.txt's claim was not released with the next batch")
    }

    @Test func aBatchTakesFilesUpToItsByteBound() async throws {
        let fixture = try InboxFixture(settleMilliseconds: 0) { $0.batchMaxBytes = 1_500 }
        for index in 0..<3 { try fixture.deliver("\(index).txt", String(repeating: "word\(index) ", count: 170)) }  // ~1.2 KB each
        let queue = InboxQueue()
        for index in 0..<3 { queue.add("\(index).txt", source: .movedIn, now: clock.now) }
        try await BlockingThreads.run(workers: 2) { (threads: BlockingThreads) async throws in
            let service = IngestService(
                state: DaemonState(settings: fixture.settings, countsAtStart: StoreStats()), queue: queue, writer: fixture.writer(),
                directories: fixture.directories, claims: fixture.claims, threads: threads, parsing: InlineParsing(), clock: clock,
                logger: Logger(label: "test"))
            for expected in 1...3 {
                #expect(try await service.processDueBatch())
                #expect(try fixture.journal().count == expected)
            }
        }
    }

    @Test func noFileOfABatchBeginsAfterItsTimeBound() async throws {
        let fixture = try InboxFixture(settleMilliseconds: 0) { $0.batchMaxSeconds = 1 }
        let queue = InboxQueue()
        let clock = self.clock
        for index in 0..<3 {
            try fixture.deliver("\(index).txt", InboxFixture.article(index))
            queue.add("\(index).txt", source: .movedIn, now: clock.now)
            clock.advance(by: .milliseconds(1))
        }
        let slow = HookedParsing { _ in clock.advance(by: .milliseconds(600)) }  // each file takes 0.6 s
        try await BlockingThreads.run(workers: 1) { (threads: BlockingThreads) async throws in
            let service = IngestService(
                state: DaemonState(settings: fixture.settings, countsAtStart: StoreStats()), queue: queue, writer: fixture.writer(),
                directories: fixture.directories, claims: fixture.claims, threads: threads, parsing: slow, clock: clock,
                logger: Logger(label: "test"))
            #expect(try await service.processDueBatch())
            #expect(try fixture.journal().map(\.file) == ["0.txt", "1.txt"])
            #expect(fixture.claimedNames.count == 1, "the file not begun stays claimed for the next batch")
            #expect(try await service.processDueBatch())
            #expect(try fixture.journal().map(\.file) == ["0.txt", "1.txt", "2.txt"])
        }
    }
}
