import Foundation
import Testing
import TidingsTesting

/// `show`, `list`, `search`, `stats`, `export`, `verify` and `parse` on a store of the seeds.
@Suite struct InspectionCommandTests {
    let directory = TemporaryDirectory("tidings-cli")
    var store: String { directory.path("store.sqlite") }

    init() throws {
        let seeds = Fixtures.seeds.map(\.path)
        _ = try TidingsBinary.run(["ingest", "--store", directory.path("store.sqlite")] + seeds)
    }

    @Test func showOfSeed001HasItsTitleSourceAndDateline() throws {
        let result = try TidingsBinary.run(["show", "--store", store, "--json", "2"])
        #expect(result.status == 0)
        let article = try #require(result.jsonLines.first)
        #expect(article["title"] as? String == "Iran Urges Regional Push for Expulsion of US Forces")
        #expect(article["source"] as? String == "Tasnim")
        #expect(article["dateline"] as? String == "TEHRAN")
        let keys = ["id", "title", "source", "dateline", "byline", "published", "language", "url", "format", "extraction", "body",
                    "sha256", "received_at", "file", "of", "similarity", "variants"]
        for key in keys { #expect(article[key] != nil, "missing \(key)") }
        #expect(article["extraction"] is NSNull, "plain-text wire copy needs no extraction")
        #expect(article["sha256"] as? String == "0227ca05fbdfe06be36a70fd2dc436c849439fe3fab192c7a11d443599f07c7e")
        let text = try TidingsBinary.run(["show", "--store", store, "2"])
        #expect(text.lines.first == "#2  Iran Urges Regional Push for Expulsion of US Forces")
        #expect(text.stdout.contains("source:    Tasnim"))
    }

    /// An article whose title, source and body carry terminal escapes (retitle the window,
    /// clear the screen, OSC 52 to the clipboard, a lone C1 CSI, a bidirectional override):
    /// every text-mode command shows them escaped; `--json` keeps the text as it is.
    @Test func nothingAnArticleCarriesActsOnTheTerminal() throws {
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07}\u{9B}31m\u{202E}gnp.exe"
        let story = "Storm warning \(hostile)\n\nWELLINGTON (Reuters) - The storm \(hostile) reached the coast on Monday, officials said,"
            + " and ferries were cancelled for the rest of the week while crews cleared the harbour.\n"
        let file = try directory.write("hostile \u{1B}[1m.txt", story)
        let ingest = try TidingsBinary.run(["ingest", "--store", store, file])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let outputs = [
            ingest.stdout, ingest.stderr,
            try TidingsBinary.run(["list", "--store", store]).stdout,
            try TidingsBinary.run(["show", "--store", store, "6"]).stdout,
            try TidingsBinary.run(["search", "--store", store, "storm"]).stdout,
            try TidingsBinary.run(["parse", file]).stdout,
        ]
        for output in outputs {
            let acting = output.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
            }
            #expect(acting.isEmpty, "\(acting.map { String($0.value, radix: 16) }) in: \(output.prefix(300))")
        }
        #expect(outputs[3].contains("\\x1b]0;owned\\x07"), "the escape is shown, escaped")
        let shown = try #require(try TidingsBinary.run(["show", "--store", store, "--json", "6"]).jsonLines.first)
        #expect((shown["title"] as? String)?.contains("\u{1B}]0;owned") == true, "--json keeps the text as stored")
    }

    @Test func showListsVariantsAndDuplicates() throws {
        let copy = try directory.write("copy.txt", CopyVariants.truncated(Fixtures.seedText("001")))
        _ = try TidingsBinary.run(["ingest", "--store", store, copy, Fixtures.seed("001").path])
        let article = try #require(try TidingsBinary.run(["show", "--store", store, "--json", "2"]).jsonLines.first)
        let variants = try #require(article["variants"] as? [[String: Any]])
        #expect(variants.map { $0["id"] as? Int } == [6])
        #expect((article["duplicates"] as? [[String: Any]])?.count == 1)
    }

    @Test func showOfAMissingArticleFails() throws {
        let result = try TidingsBinary.run(["show", "--store", store, "99"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("there is no article 99"))
    }

    @Test func noStoredBodyKeepsBoilerplate() throws {
        let export = try TidingsBinary.run(["export", "--store", store])
        #expect(export.status == 0)
        let bodies = export.jsonLines.compactMap { ($0["article"] as? [String: Any])?["body"] as? String }
        #expect(bodies.count == 5)
        for body in bodies {
            for boilerplate in ["All Content by Mehr News Agency", "Back to top button", "Read More:"] {
                #expect(!body.contains(boilerplate))
            }
        }
    }

    @Test func listIsNewestFirstAndAllAddsVariants() throws {
        let copy = try directory.write("copy.txt", CopyVariants.wrapped(Fixtures.seedText("004")))
        _ = try TidingsBinary.run(["ingest", "--store", store, copy])
        let canonical = try TidingsBinary.run(["list", "--store", store, "--json"])
        #expect(canonical.jsonLines.map { $0["id"] as? Int } == [5, 4, 3, 2, 1])
        let all = try TidingsBinary.run(["list", "--store", store, "--json", "--all", "--limit", "2"])
        #expect(all.jsonLines.map { $0["id"] as? Int } == [6, 5])
        #expect(all.jsonLines.first?["of"] as? Int == 5)
        #expect(try TidingsBinary.run(["list", "--store", store]).lines.count == 5)
    }

    @Test func searchFindsRankedMatchesWithSnippets() throws {
        let result = try TidingsBinary.run(["search", "--store", store, "--json", "Torkabadi"])
        #expect(result.status == 0 && !result.stderr.contains("not indexed"), "tidings ingest indexes before it exits")
        #expect(result.jsonLines.map { $0["id"] as? Int } == [5])
        #expect((result.jsonLines.first?["snippet"] as? String)?.contains("[Torkabadi]") == true)
        let text = try TidingsBinary.run(["search", "--store", store, "oil", "wells"])
        #expect(text.lines.first?.hasPrefix("#") == true)
        let bad = try TidingsBinary.run(["search", "--store", store, "--fts", "AND ("])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid search query"))
    }

    @Test func statsCountsEveryOutcome() throws {
        let bad = try directory.write("empty.txt", "")
        _ = try TidingsBinary.run(["ingest", "--store", store, bad, Fixtures.seed("003").path])
        let result = try TidingsBinary.run(["stats", "--store", store, "--json"])
        let stats = try #require(result.jsonLines.first)
        #expect(stats["articles"] as? Int == 5)
        #expect(stats["near_duplicates"] as? Int == 0)
        #expect(stats["duplicates"] as? Int == 1)
        #expect(stats["rejected"] as? Int == 1)
        #expect(stats["journal_entries"] as? Int == 7)
    }

    @Test func exportSinceGivesOnlyLaterEntries() throws {
        let result = try TidingsBinary.run(["export", "--store", store, "--since", "3"])
        #expect(result.jsonLines.map { $0["seq"] as? Int } == [4, 5])
        let entry = try #require(result.jsonLines.first)
        #expect(entry["outcome"] as? String == "new")
        #expect((entry["article"] as? [String: Any])?["source"] as? String == "Mehr News Agency")
    }

    /// `--follow` prints what is there, then each entry as it is committed by another
    /// process, line by line (flushed: the reader is a pipe), until stopped.
    @Test func exportFollowPrintsEntriesAsTheyAreCommitted() async throws {
        let process = Process()
        process.executableURL = TidingsBinary.url
        process.arguments = ["export", "--store", store, "--follow", "--since", "2"]
        process.environment = ["TIDINGS_CONFIG": Fixtures.root.appendingPathComponent("config/tidings.yaml").path]
        let output = Pipe()
        process.standardOutput = output
        let received = LockedLines()
        output.fileHandleForReading.readabilityHandler = { handle in received.append(handle.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }

        #expect(try await eventually(timeout: 60) { received.objects.count == 3 }, "\(received.objects)")
        #expect(received.objects.map { $0["seq"] as? Int } == [3, 4, 5])
        let late = try directory.write("late.txt", CopyVariants.edited(Fixtures.seedText("003")))
        #expect(try TidingsBinary.run(["ingest", "--store", store, late]).status == 0)
        #expect(try await eventually(timeout: 60) { received.objects.count == 4 }, "\(received.objects)")
        #expect(received.objects.last?["file"] as? String == late)
        #expect(received.objects.last?["outcome"] as? String == "near-duplicate")
        #expect(try TidingsBinary.run(["remove", "--store", store, "--reason", "test", "1"]).status == 0)
        #expect(try await eventually(timeout: 60) { received.objects.count == 5 }, "\(received.objects)")
        #expect(received.objects.last?["outcome"] as? String == "removed")
        #expect(process.isRunning)
        process.terminate()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
    }

    /// As the daemon leaves a store between a commit and the next search-index round.
    @Test func searchSaysWhenRecentArticlesAreNotIndexedYet() throws {
        try sqlite("""
            INSERT INTO articles_fts (articles_fts, rowid, title, body) SELECT 'delete', id, title, body FROM articles WHERE id > 3;
            UPDATE search_index SET indexed_through = 3;
            """)
        let behind = try TidingsBinary.run(["search", "--store", store, "Torkabadi"])
        #expect(behind.status == 0 && behind.stdout.isEmpty)
        #expect(behind.stderr.contains("note: the 2 most recently stored articles are not indexed for search yet"), "\(behind.stderr)")
        #expect(try TidingsBinary.run(["verify", "--store", store]).status == 0, "not indexed yet is not damage")
        #expect(try TidingsBinary.run(["stats", "--store", store, "--json"]).jsonLines.first?["not_yet_searchable"] as? Int == 2)
        // `tidings ingest` with no files catches the index up.
        #expect(try TidingsBinary.run(["ingest", "--store", store]).status == 0)
        let caughtUp = try TidingsBinary.run(["search", "--store", store, "--json", "Torkabadi"])
        #expect(caughtUp.jsonLines.map { $0["id"] as? Int } == [5])
        #expect(!caughtUp.stderr.contains("not indexed"))
    }

    /// Stored is stored: a full-text index that cannot be written to does not fail the ingest.
    @Test func anIngestWhoseSearchIndexingFailsStillStoresAndSaysSearchLags() throws {
        try sqlite("CREATE TRIGGER refuse BEFORE UPDATE ON search_index BEGIN SELECT RAISE(ABORT, 'index refused by test'); END;")
        let text = try directory.write("storm.txt", "Storm Headline\n\nA late storm flooded the harbour wards overnight, officials said on Monday.")
        let result = try TidingsBinary.run(["ingest", "--store", store, text])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("new 6 "))
        #expect(result.stderr.contains("note: some stored articles are not searchable yet: ") && result.stderr.contains("index refused by test"))
        #expect(try TidingsBinary.run(["stats", "--store", store, "--json"]).jsonLines.first?["not_yet_searchable"] as? Int == 1)
        try sqlite("DROP TRIGGER refuse;")
        #expect(try TidingsBinary.run(["ingest", "--store", store]).stderr.contains("not searchable") == false)
        #expect(try TidingsBinary.run(["search", "--store", store, "--json", "harbour"]).jsonLines.map { $0["id"] as? Int } == [6])
    }

    private func sqlite(_ sql: String) throws {
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [store, sql]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
    }

    @Test func verifyPassesThenCatchesDamage() throws {
        let good = try TidingsBinary.run(["verify", "--store", store])
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains("checks passed"))
        try sqlite("DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 2;")
        let bad = try TidingsBinary.run(["verify", "--store", store])
        #expect(bad.status == 4)
        #expect(bad.stdout.contains("FAIL every article has exactly one journal entry that stored it"))
    }

    @Test func parseShowsWhatWasExtractedFromAWebPage() throws {
        let page = "Tests/fixtures/html/kommersant-zerno-koi8.html"
        let human = try TidingsBinary.run(["parse", page])
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.contains("title:      Экспорт зерна вырос на четверть"))
        #expect(human.stdout.contains("format:     html"))
        #expect(!human.stdout.contains("Комментарии"))
        let result = try TidingsBinary.run(["parse", "--json", page])
        let parsed = try #require(result.jsonLines.first)
        #expect(parsed["format"] as? String == "html")
        #expect(parsed["byline"] as? String == "Ирина Соколова")
        #expect(parsed["extraction"] as? String == "content-scoring")
        #expect((parsed["paragraphs"] as? [String])?.first?.hasPrefix("Экспорт зерна из страны") == true)
    }

    @Test func parseShowsWhatWouldBeStoredAndStoresNothing() throws {
        let result = try TidingsBinary.run(["parse", "--json", Fixtures.seed("002").path])
        #expect(result.status == 0)
        let parsed = try #require(result.jsonLines.first)
        #expect(parsed["source"] as? String == "Iran Press")
        #expect(parsed["format"] as? String == "text")
        #expect((parsed["paragraphs"] as? [String])?.count == 11)
        let rejected = try TidingsBinary.run(["parse", try directory.write("x.json", "{\"title\": ")])
        #expect(rejected.status == 3)
        #expect(rejected.stderr.contains("would be rejected: invalid JSON"))
    }
}

/// Lines read from a child's output as they come, for a test to look at.
private final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()

    func append(_ data: Data) { lock.withLock { buffer.append(data) } }

    /// The complete lines so far, each parsed as a JSON object.
    var objects: [[String: Any]] {
        let text = lock.withLock { String(decoding: buffer, as: UTF8.self) }
        return text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
