import Foundation
import GRDB
import Testing
import TidingsTesting

/// `tidings remove`: a takedown, end to end through the built binary.
@Suite struct RemoveCommandTests {
    let directory = TemporaryDirectory("tidings-remove")
    var store: String { directory.path("store.sqlite") }
    var seeds: [String] { Fixtures.seeds.map { "seeds/" + $0.lastPathComponent } }

    /// Words of seed 001 that no other seed has.
    let ownWords = ["arrogance", "eradicating", "deplored", "blatant"]

    func ingestSeeds() throws {
        let result = try TidingsBinary.run(["ingest", "--store", store] + seeds)
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// Every byte of the store and its log: what a takedown must leave no trace of.
    func storeBytes() throws -> Data {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: store))
        if let log = try? Data(contentsOf: URL(fileURLWithPath: store + "-wal")) { bytes += log }
        return bytes
    }

    @Test func aRemovedArticleLosesItsContentSearchAndBytesAndKeepsATombstone() throws {
        try ingestSeeds()
        #expect(try TidingsBinary.run(["search", "--store", store, "--json", "arrogance"]).jsonLines.first?["id"] as? Int == 2)
        #expect(ownWords.allSatisfy { (try? storeBytes().range(of: Data($0.utf8))) != nil })

        let removed = try TidingsBinary.run(["remove", "--store", store, "--reason", "court order 17/2026", "--by", "legal desk", "--json", "2"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let tombstone = try #require(removed.jsonLines.first)
        #expect(tombstone["id"] as? Int == 2 && tombstone["by"] as? String == "legal desk" && tombstone["reason"] as? String == "court order 17/2026")

        let show = try #require(try TidingsBinary.run(["show", "--store", store, "--json", "2"]).jsonLines.first)
        #expect(show["body"] is NSNull && show["title"] is NSNull)
        let removal = try #require(show["removed"] as? [String: Any])
        #expect(removal["by"] as? String == "legal desk" && removal["reason"] as? String == "court order 17/2026")
        #expect(removal["seq"] as? Int == tombstone["seq"] as? Int)
        #expect(show["source"] as? String == "Tasnim", "what is not content stays")
        #expect(try TidingsBinary.run(["show", "--store", store, "2"]).stdout.contains("REMOVED: court order 17/2026 (by legal desk"))

        #expect(try TidingsBinary.run(["search", "--store", store, "--json", "arrogance"]).jsonLines.isEmpty)
        for word in ownWords { #expect(try storeBytes().range(of: Data(word.utf8)) == nil, "\(word) is still in the store's bytes") }
        let raw = try DatabaseQueue(path: store).read { db in try Row.fetchOne(db, sql: "SELECT length(raw) AS n, body FROM articles WHERE id = 2") }
        #expect(raw?["n"] as Int? == 0 && raw?["body"] as String? == "")

        let export = try TidingsBinary.run(["export", "--store", store]).jsonLines
        let entry = try #require(export.last)
        #expect(entry["outcome"] as? String == "removed" && entry["file"] is NSNull && entry["id"] as? Int == 2)
        #expect(entry["by"] as? String == "legal desk" && entry["reason"] as? String == "court order 17/2026")
        #expect(try TidingsBinary.run(["stats", "--store", store, "--json"]).jsonLines.first?["removed"] as? Int == 1)
        let verify = try TidingsBinary.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("ok   removed articles hold no content and each has its tombstone"))
    }

    /// The removed article's fingerprints stay: its text delivered again, as it was or
    /// edited, is journaled as a duplicate of it and not stored again.
    @Test func aCopyDeliveredAgainIsRecognisedAndNotStored() throws {
        try ingestSeeds()
        #expect(try TidingsBinary.run(["remove", "--store", store, "--reason", "takedown", "2"]).status == 0)
        let edited = try directory.write("edited.txt", CopyVariants.edited(Fixtures.seedText("001")))
        let again = try TidingsBinary.run(["ingest", "--store", store, "--json", seeds[1], edited])
        #expect(again.status == 0, "\(again.stderr)")
        let outcomes = again.jsonLines
        #expect(outcomes.map { $0["outcome"] as? String } == ["duplicate", "duplicate"], "\(again.stdout)")
        #expect(outcomes.allSatisfy { $0["of"] as? Int == 2 && $0["id"] is NSNull })
        #expect((outcomes.last?["similarity"] as? Double).map { $0 < 1 } == true)
        #expect(try TidingsBinary.run(["stats", "--store", store, "--json"]).jsonLines.first?["articles"] as? Int == 5)
        #expect(try TidingsBinary.run(["search", "--store", store, "--json", "arrogance"]).jsonLines.isEmpty)
        #expect(try TidingsBinary.run(["verify", "--store", store]).status == 0)
    }

    @Test func mistakesAreRefusedAndNothingChanges() throws {
        try ingestSeeds()
        let missing = try TidingsBinary.run(["remove", "--store", store, "--reason", "x", "99"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("there is no article 99"))
        let noReason = try TidingsBinary.run(["remove", "--store", store, "--reason", "  ", "2"])
        #expect(noReason.status == 2)
        #expect(try TidingsBinary.run(["remove", "--store", store, "--reason", "first", "2"]).status == 0)
        let twice = try TidingsBinary.run(["remove", "--store", store, "--reason", "second", "2"])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("article 2 was removed already") && twice.stderr.contains(": first"), "\(twice.stderr)")
        #expect(try TidingsBinary.run(["stats", "--store", store, "--json"]).jsonLines.first?["removed"] as? Int == 1)
    }

    /// A variant is an article of its own: the removal names the ones left, and
    /// `--purge-index` rewrites the index at once.
    @Test func variantsLeftAreNamedAndTheIndexCanBePurged() throws {
        try ingestSeeds()
        let copy = try directory.write("wrapped.txt", CopyVariants.wrapped(Fixtures.seedText("001")))
        #expect(try TidingsBinary.run(["ingest", "--store", store, copy]).lines.first?.hasPrefix("near-duplicate 6 of 2") == true)
        let removed = try TidingsBinary.run(["remove", "--store", store, "--reason", "takedown", "--purge-index", "2"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.lines == ["removed 2: takedown (by \(NSUserName()), journal 7)"])
        #expect(removed.stderr.contains("near-duplicate variants of 2 keep their content: 6"))
        #expect(try TidingsBinary.run(["search", "--store", store, "--json", "arrogance"]).jsonLines.map { $0["id"] as? Int } == [6])
        #expect(try TidingsBinary.run(["verify", "--store", store]).status == 0)
    }
}
