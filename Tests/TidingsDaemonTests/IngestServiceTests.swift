import LinuxSystem
import Foundation
import Logging
import Testing
import TidingsCore
import TidingsStore
import TidingsTesting
@testable import TidingsDaemon

/// The daemon's batches, step by step, on real files, a real store and a clock the test
/// moves: what is committed when, what waits, and what a failed commit does.
@Suite struct IngestServiceTests {
    let clock = ManualClock()
    let fixture: InboxFixture
    let queue = InboxQueue()

    init() throws { fixture = try InboxFixture(settleMilliseconds: 500) }

    func withService(
        budget: Int = 5, workers: Int = 2, parsing: any ArticleParsing = InlineParsing(), _ body: (IngestService, StoreWriter) async throws -> Void
    ) async throws {
        try await BlockingThreads.run(workers: workers) { threads in
            let writer = fixture.writer(budget: budget)
            let state = DaemonState(settings: fixture.settings, countsAtStart: try fixture.store.stats())
            let service = IngestService(
                state: state, queue: queue, writer: writer, directories: fixture.directories, claims: fixture.claims, threads: threads,
                parsing: parsing, clock: clock, logger: Logger(label: "test"))
            try await body(service, writer)
        }
    }

    @Test func filesRenamedInAreCommittedThenRemoved() async throws {
        try await withService { service, _ in
            for index in 0..<3 {
                try fixture.deliver("\(index).txt", InboxFixture.article(index))
                queue.add("\(index).txt", source: .movedIn, now: clock.now)
            }
            #expect(try await service.processDueBatch())
            #expect(try fixture.journal().map(\.outcome) == [.new, .new, .new])
            #expect(fixture.inboxNames.isEmpty)
            #expect(try await !service.processDueBatch(), "nothing is left to do")
        }
    }

    @Test func anIdleDaemonIndexesWhatItCommitted() async throws {
        try await withService { service, _ in
            for index in 0..<3 {
                try fixture.deliver("\(index).txt", InboxFixture.article(index))
                queue.add("\(index).txt", source: .movedIn, now: clock.now)
            }
            let running = Task { try await service.run() }
            // The service's own loop indexes once no batch is due: wait for that (bounded
            // generously for a loaded machine), not for a guessed time.
            let giveUp = ContinuousClock.now + .seconds(120)
            while try fixture.journal().count < 3 || fixture.store.searchBacklog() > 0, ContinuousClock.now < giveUp {
                await Task.yield()
            }
            let found = try fixture.store.search(SearchQuery("w2x3y4"), limit: 5)
            #expect(found.map(\.article.title) == ["Report 2 Headline"])
            queue.close()
            try await running.value
        }
    }

    @Test func aFileAppendedToAfterItsFirstCloseIsReadWhole() async throws {
        let text = InboxFixture.article(6)
        let half = text.utf8.count / 2
        try await withService { service, _ in
            try fixture.write("6.txt", String(decoding: Array(text.utf8)[..<half], as: UTF8.self))
            queue.add("6.txt", source: .written, now: clock.now)
            #expect(try await service.processDueBatch())
            clock.advance(by: .milliseconds(100))
            try fixture.append("6.txt", String(decoding: Array(text.utf8)[half...], as: UTF8.self))
            queue.add("6.txt", source: .written, now: clock.now)  // its second IN_CLOSE_WRITE
            clock.advance(by: .milliseconds(400))
            while try await service.processDueBatch() {}
            #expect(try fixture.journal().isEmpty, "read before it had settled")
            clock.advance(by: .milliseconds(500))
            while try await service.processDueBatch() {}
            #expect(try fixture.journal().map(\.size) == [text.utf8.count])
        }
    }

    @Test func aFullDiskKeepsTheFilesAndPausesWithGrowingPauses() async throws {
        try await withService { service, writer in
            try fixture.deliver("a.txt", InboxFixture.article(1))
            queue.add("a.txt", source: .movedIn, now: clock.now)
            fixture.store.failNext(2, with: .diskFull)

            #expect(try await service.processDueBatch())
            #expect(fixture.waitingNames == ["a.txt"], "a file left the inbox although its commit failed")
            #expect(writer.problem == "commits paused: the store's disk is full (1 failed)")
            #expect(try await !service.processDueBatch(), "retried before the pause ended")

            clock.advance(by: .seconds(1))
            #expect(try await service.processDueBatch())
            #expect(writer.problem == "commits paused: the store's disk is full (2 failed)")
            clock.advance(by: .seconds(1))
            #expect(try await !service.processDueBatch(), "the second pause is two seconds")
            clock.advance(by: .seconds(1))
            #expect(try await service.processDueBatch())

            #expect(writer.problem == nil)
            #expect(fixture.waitingNames.isEmpty)
            #expect(try fixture.journal().count == 1)
            #expect(fixture.store.closeCount == 0, "a full disk does not need the store reopened")
        }
    }

    /// The service reads the next batch while one commits. When that commit fails, the
    /// batch read beside it must wait out the pause too, and each file is committed once.
    @Test func aBatchReadBesideAFailedCommitWaitsOutThePause() async throws {
        fixture.settings.batchSize = 1
        try await withService { service, writer in
            for index in 0..<2 {
                try fixture.deliver("\(index).txt", InboxFixture.article(index))
                queue.add("\(index).txt", source: .movedIn, now: clock.now)
            }
            fixture.store.failNext(1, with: .diskFull)
            let running = Task { try await service.run() }
            // Bounded generously for a loaded machine; these are events, not guessed times.
            let giveUp = ContinuousClock.now + .seconds(120)
            while writer.problem == nil || queue.count < 2 || clock.sleepers == 0, ContinuousClock.now < giveUp { await Task.yield() }
            #expect(writer.problem == "commits paused: the store's disk is full (1 failed)")
            #expect(try fixture.journal().isEmpty, "a batch was committed during the pause")
            #expect(fixture.waitingNames == ["0.txt", "1.txt"])

            clock.advance(by: .seconds(1))
            while try fixture.journal().count < 2, ContinuousClock.now < giveUp { await Task.yield() }
            queue.close()
            try await running.value
            #expect(try fixture.journal().map(\.file).sorted() == ["0.txt", "1.txt"])
            #expect(try fixture.journal().map(\.outcome) == [.new, .new])
            #expect(fixture.waitingNames.isEmpty)
            #expect(writer.problem == nil)
        }
    }

    /// With several inboxes, one failed commit pauses them all, and counts once.
    @Test func aFailedCommitPausesTheOtherInboxesToo() async throws {
        try FileManager.default.createDirectory(atPath: fixture.root.path("second"), withIntermediateDirectories: true)
        let second = try InboxDirectories(
            InboxSettings(name: "second", path: fixture.root.path("second"), rejectedPath: fixture.root.path("rejected-second"), archivePath: ""),
            named: true)
        let secondQueue = InboxQueue()
        let secondClaims = try ClaimsDirectory(inbox: second.inbox, rejected: second.rejected)
        try await BlockingThreads.run(workers: 2) { threads in
            let writer = fixture.writer()
            let state = DaemonState(settings: fixture.settings, countsAtStart: StoreStats())
            let service = IngestService(
                state: state, queue: queue, writer: writer, directories: fixture.directories, claims: fixture.claims, threads: threads,
                parsing: InlineParsing(), clock: clock, logger: Logger(label: "test"))
            let other = IngestService(
                state: state, queue: secondQueue, writer: writer, directories: second, claims: secondClaims, threads: threads,
                parsing: InlineParsing(), clock: clock, logger: Logger(label: "test"))
            try fixture.deliver("a.txt", InboxFixture.article(1))
            queue.add("a.txt", source: .movedIn, now: clock.now)
            try InboxFixture.article(2).write(toFile: second.inbox + "/b.txt", atomically: true, encoding: .utf8)
            secondQueue.add("b.txt", source: .movedIn, now: clock.now)
            fixture.store.failNext(1, with: .diskFull)

            #expect(try await service.processDueBatch())
            #expect(try await !other.processDueBatch(), "the other inbox committed during the pause")
            #expect(writer.problem == "commits paused: the store's disk is full (1 failed)")
            clock.advance(by: .seconds(1))
            #expect(try await other.processDueBatch())
            #expect(try await service.processDueBatch())
            #expect(try fixture.journal().map { "\($0.inbox ?? "-")/\($0.file)" }.sorted() == ["inbox/a.txt", "second/b.txt"])
        }
    }

    @Test func ioErrorsReopenTheStoreAndStopTheDaemonOnceTheBudgetIsSpent() async throws {
        try await withService(budget: 2) { service, _ in
            try fixture.deliver("a.txt", InboxFixture.article(1))
            queue.add("a.txt", source: .movedIn, now: clock.now)
            fixture.store.failNext(2, with: .ioError)
            #expect(try await service.processDueBatch())
            #expect(fixture.store.closeCount == 1)
            clock.advance(by: .seconds(1))
            await #expect(throws: DaemonError.self) { try await service.processDueBatch() }
            #expect(fixture.waitingNames == ["a.txt"])
            #expect(try fixture.journal().isEmpty)
        }
    }

    @Test func aFileCommittedBeforeACrashIsOnlyDisposedOfWhenSeenAgain() async throws {
        let path = try fixture.deliver("a.txt", InboxFixture.article(1))
        // The run before the crash committed it but died before removing it.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let article = try ArticleParser(limits: fixture.settings.limits).parse(bytes, fileName: "a.txt")
        _ = try fixture.store.commit(
            [IngestItem(file: "a.txt", size: bytes.count, contentSHA256: SHA256Hex.of(bytes),
                        content: .article(article, Fingerprint(body: article.body)), replayable: true)],
            deduplicator: fixture.settings.deduplicator)
        try await withService { (service, _) async throws in
            queue.add("a.txt", source: .scanned, now: clock.now)
            clock.advance(by: .milliseconds(500))
            #expect(try await service.processDueBatch())
            clock.advance(by: .milliseconds(500))
            #expect(try await service.processDueBatch())
            #expect(fixture.inboxNames.isEmpty)
            #expect(try fixture.journal().count == 1, "the file was journaled twice")
        }
    }
}
