import Foundation
import Testing
import TidingsTesting

/// The agencies' formats through the built binary: a file of several items, versions and
/// a kill, as `parse`, `ingest`, `show` and `export` present them.
@Suite struct WireFormatCommandTests {
    let directory = TemporaryDirectory("tidings-cli-wire")
    var store: String { directory.path("store.sqlite") }
    static let samples = "Tests/fixtures/formats/"

    @Test func parseShowsEveryItemOfANewsMessage() throws {
        let result = try TidingsBinary.run(["parse", Self.samples + "g2-message.xml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.filter { $0.hasPrefix("── item") } == ["── item 1 of 3 ──", "── item 2 of 3 ──", "── item 3 of 3 ──"])
        #expect(result.lines.contains("rejected: not an article: a NewsML-G2 photo item (itemClass picture)"))
        #expect(result.lines.contains("title:      City council approves next year's budget"))
        let json = try TidingsBinary.run(["parse", "--json", Self.samples + "g2-message.xml"]).jsonLines
        #expect(json.map { $0["item"] as? Int } == [1, 2, 3])
        #expect(json[1]["outcome"] as? String == "rejected")
    }

    @Test func ingestJournalsEachItemAndShowsVersionsAndTheKill() throws {
        let files = ["g2-oil-v1.xml", "g2-oil-v2.xml", "g2-oil-kill.xml", "g2-message.xml"].map { Self.samples + $0 }
        let result = try TidingsBinary.run(["ingest", "--store", store] + files)
        #expect(result.status == 3, "an item was rejected: \(result.stderr)")
        #expect(result.lines == [
            "new 1 \(files[0])",
            "update 2 of 1 \(files[1])",
            "withdrawn 2 \(files[2]): canceled (killed) by its sender in version 3",
            "new 3 \(files[3])#1",
            "rejected \(files[3])#2: not an article: a NewsML-G2 photo item (itemClass picture)",
            "new 4 \(files[3])#3",
        ])
        #expect(result.stderr.contains("4 files: 3 new, 0 duplicate, 0 near-duplicate, 1 rejected, 1 update, 1 withdrawn"))

        let shown = try TidingsBinary.run(["show", "--store", store, "2"])
        #expect(shown.lines.contains { $0.hasPrefix("WITHDRAWN: canceled (killed) by its sender in version 3 (journal 3, ") })
        #expect(shown.lines.contains("updates #1"))
        #expect(shown.lines.contains("versions: #1 (v1), #2 (v2) ←"))
        #expect(shown.lines.contains("guid:      urn:newsml:wire.example.com:20261130:oil-prices"))
        let first = try TidingsBinary.run(["show", "--store", store, "--json", "1"]).jsonLines[0]
        #expect((first["withdrawn"] as? [Any])?.count == 1, "the kill of the item is shown on every version")
        #expect(first["version"] as? String == "1")

        let export = try TidingsBinary.run(["export", "--store", store]).jsonLines
        #expect(export.map { $0["outcome"] as? String } == ["new", "update", "withdrawn", "new", "rejected", "new"])
        #expect(export.map { $0["item"] as? Int } == [nil, nil, nil, 1, 2, 3])
        #expect(export[1]["of"] as? Int == 1 && export[2]["of"] as? Int == 2)
        #expect(export[2]["guid"] as? String == "urn:newsml:wire.example.com:20261130:oil-prices")
        #expect((export[1]["article"] as? [String: Any])?["previous_version"] as? Int == 1)
        #expect(try TidingsBinary.run(["verify", "--store", store]).status == 0)
    }
}
