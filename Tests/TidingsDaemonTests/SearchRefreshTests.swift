import LinuxSystem
import Foundation
import Logging
import Testing
import TidingsCore
import TidingsStore
import TidingsTesting
@testable import TidingsDaemon

/// Committed articles become searchable after their commit: a quarter of a second later when
/// the daemon is idle, at least once a second while batches keep coming. (The ingest
/// service's own loop doing it: `IngestServiceTests.anIdleDaemonIndexesWhatItCommitted`.)
@Suite struct SearchRefreshTests {
    let clock = ManualClock()
    let fixture: InboxFixture

    init() throws { fixture = try InboxFixture(settleMilliseconds: 0) }

    private func item(_ index: Int) throws -> IngestItem {
        let bytes = Array(InboxFixture.article(index).utf8)
        let article = try ArticleParser().parse(bytes)
        return IngestItem(
            file: "\(index).txt", size: bytes.count, contentSHA256: SHA256Hex.of(bytes),
            content: .article(article, Fingerprint(body: article.body)))
    }

    @Test func idleCommitsAreIndexedAQuarterOfASecondLaterAndUnderLoadEverySecond() async throws {
        try await BlockingThreads.run(workers: 2) { threads in
            let start = clock.now
            let refresh = SearchRefresh(writer: fixture.writer(), threads: threads, logger: Logger(label: "test"), now: start)
            #expect(await refresh.whenIdle(now: clock.now) == .nothing, "an empty store has nothing to index")

            _ = try fixture.store.commit(try (0..<2).map(item), deduplicator: Deduplicator())
            await refresh.afterBatch(now: clock.now)
            #expect(try fixture.store.searchBacklog() == 2)
            clock.advance(by: .milliseconds(100))
            #expect(await refresh.whenIdle(now: clock.now) == .wait(until: start + SearchRefresh.idleDelay))
            #expect(try fixture.store.searchBacklog() == 2, "indexed before the idle delay")
            clock.advance(by: .milliseconds(150))
            #expect(await refresh.whenIdle(now: clock.now) == .nothing)
            #expect(try fixture.store.searchBacklog() == 0)

            // Under load (a batch after another, never idle): a round once a second.
            let lastRound = clock.now
            for index in 2..<5 {
                _ = try fixture.store.commit([try item(index)], deduplicator: Deduplicator())
                clock.advance(by: .milliseconds(400))
                await refresh.afterBatch(now: clock.now)
                let expected = clock.now - lastRound >= SearchRefresh.interval ? 0 : index - 1
                #expect(try fixture.store.searchBacklog() == expected, "after \(clock.now - lastRound)")
            }
        }
    }

    @Test func aStoreLeftBehindByAnEarlierRunIsIndexedAtTheFirstIdleMoment() async throws {
        _ = try fixture.store.commit(try (0..<3).map(item), deduplicator: Deduplicator())
        try await BlockingThreads.run(workers: 2) { threads in
            let refresh = SearchRefresh(writer: fixture.writer(), threads: threads, logger: Logger(label: "test"), now: clock.now)
            #expect(await refresh.whenIdle(now: clock.now) == .nothing)
            let behind = try fixture.store.searchBacklog()
            #expect(behind == 0)
        }
    }

    @Test func aFailedRoundIsRetriedAnIntervalLaterAndNothingIsLost() async throws {
        try await BlockingThreads.run(workers: 2) { threads in
            let start = clock.now
            let refresh = SearchRefresh(writer: fixture.writer(), threads: threads, logger: Logger(label: "test"), now: start)
            _ = try fixture.store.commit([try item(1)], deduplicator: Deduplicator())
            try sqlite("CREATE TRIGGER refuse BEFORE UPDATE ON search_index BEGIN SELECT RAISE(ABORT, 'refused'); END;")
            #expect(await refresh.whenIdle(now: clock.now) == .wait(until: start + SearchRefresh.interval))
            #expect(try fixture.store.searchBacklog() == 1)
            try sqlite("DROP TRIGGER refuse;")
            clock.advance(by: .milliseconds(500))
            #expect(await refresh.whenIdle(now: clock.now) == .wait(until: start + SearchRefresh.interval), "retried too soon")
            clock.advance(by: .milliseconds(500))
            #expect(await refresh.whenIdle(now: clock.now) == .nothing)
            #expect(try fixture.store.searchBacklog() == 0)
        }
    }

    /// Changes the store behind the daemon's back, as another program could.
    private func sqlite(_ sql: String) throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [fixture.settings.storePath, sql]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
    }
}
