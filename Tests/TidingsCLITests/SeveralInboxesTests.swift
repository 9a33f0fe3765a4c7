import Foundation
import Glibc
import Testing
import TidingsTesting

/// One daemon, several inboxes (`inboxes.NAME.*`): each with its own rejected directory and
/// defaults, all in one journal and one deduplication.
@Suite struct SeveralInboxesTests {
    /// Wire copy with no source of its own, that opens like JSON: read as text where the
    /// inbox prefers text, and not JSON anywhere.
    static let slugged = """
        {"slug": "oil"} OIL PRICES CLIMB ON SUPPLY FEARS

        LONDON - Oil prices rose on Tuesday as traders weighed supply risks in the Middle East \
        and a drawdown in American crude stocks reported by industry data.

        Brent crude futures gained 1.2 percent to settle at their highest level in three weeks, \
        while U.S. West Texas Intermediate rose by a similar margin.
        """

    /// An article that names no source.
    static func story(_ index: Int) -> String {
        "Council meeting \(index)\n\n" + (0..<5).map { paragraph in
            (0..<18).map { "v\(index)p\(paragraph)w\($0)" }.joined(separator: " ") + "."
        }.joined(separator: "\n\n")
    }

    /// A daemon watching `wire` (text first, a source and a tag) and `web` (German, a tag),
    /// configured by a file as an operator would.
    func daemon() throws -> (DaemonHarness, wire: String, web: String) {
        let daemon = try DaemonHarness()
        let (wire, web) = (daemon.root.path("feeds/wire"), daemon.root.path("feeds/web"))
        for folder in [wire, web] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let config = daemon.root.path("tidings.yaml")
        try """
            store:
              path: \(daemon.store)
            inbox:
              rejected_path: \(daemon.rejected)
              settle_ms: 100
              language: en
            inboxes:
              wire:
                path: \(wire)
                source: Wire Agency
                tag: wire
                format: text
              web:
                path: \(web)
                language: de
                tag: scrapers
            """.write(toFile: config, atomically: true, encoding: .utf8)
        daemon.environment["TIDINGS_CONFIG"] = config
        daemon.placeArguments = []
        daemon.watching = "watching 2 inboxes: wire (\(wire)), web (\(web))"
        return (daemon, wire, web)
    }

    /// Written aside, renamed in: the Maildir way, into either inbox.
    func deliver(_ text: String, as name: String, into inbox: String, daemon: DaemonHarness) throws {
        let staged = daemon.staging + "/" + UUID().uuidString
        try text.write(toFile: staged, atomically: false, encoding: .utf8)
        let target = inbox + "/" + name
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(rename(staged, target) == 0)
    }

    func files(in folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { !$0.hasPrefix(".tidings-claimed") }.sorted()
    }

    @Test func twoInboxesWithTheirOwnDefaultsShareOneJournalAndOneDeduplication() async throws {
        let (daemon, wire, web) = try daemon()
        try daemon.start()
        try await daemon.waitUntilWatching()

        try deliver(Self.slugged, as: "slug.txt", into: wire, daemon: daemon)
        try deliver(Self.story(1), as: "story.txt", into: wire, daemon: daemon)
        #expect(try await eventually(timeout: 120) { try daemon.journalCount() == 2 })
        // The same name and bytes in the other inbox: its own entry, not a replay of wire's.
        try deliver(Self.story(1), as: "story.txt", into: web, daemon: daemon)
        try deliver(Self.slugged, as: "slug.txt", into: web, daemon: daemon)
        try deliver(Self.story(2), as: "2026-12-02/page.txt", into: web, daemon: daemon)
        #expect(try await eventually(timeout: 120) {
            try daemon.journalCount() == 5 && files(in: wire).isEmpty && files(in: web).allSatisfy { !$0.hasSuffix(".txt") }
        })

        let journal = try daemon.journal()
        let entries = Dictionary(uniqueKeysWithValues: journal.map { ("\($0["inbox"] as? String ?? "-")/\($0["file"] as? String ?? "")", $0) })
        #expect(entries.keys.sorted() == ["web/2026-12-02/page.txt", "web/slug.txt", "web/story.txt", "wire/slug.txt", "wire/story.txt"])
        #expect(entries["wire/slug.txt"]?["outcome"] as? String == "new", "wire prefers text")
        #expect(entries["web/slug.txt"]?["outcome"] as? String == "rejected", "web detects the format: not JSON")
        #expect(entries["web/story.txt"]?["outcome"] as? String == "duplicate")
        #expect(entries["web/story.txt"]?["of"] as? Int == entries["wire/story.txt"]?["id"] as? Int)
        #expect(files(in: daemon.rejected) == ["web", "web/slug.txt", "web/slug.txt.reason.json", "wire"])

        func article(_ key: String) throws -> [String: Any] {
            let id = try #require(entries[key]?["id"] as? Int)
            return try #require(TidingsBinary.run(["show", "--store", daemon.store, "--json", String(id)]).jsonLines.first)
        }
        let slug = try article("wire/slug.txt")
        #expect(slug["source"] as? String == "Wire Agency")
        #expect(slug["language"] as? String == "en", "inbox.language applies to every inbox that sets none")
        #expect(slug["tag"] as? String == "wire")
        #expect(slug["inbox"] as? String == "wire")
        #expect(slug["format"] as? String == "text")
        let page = try article("web/2026-12-02/page.txt")
        #expect(page["source"] is NSNull)
        #expect(page["language"] as? String == "de")
        #expect(page["tag"] as? String == "scrapers")

        let listed = try TidingsBinary.run(["list", "--store", daemon.store, "--json", "--inbox", "web"]).jsonLines
        #expect(listed.map { $0["inbox"] as? String } == ["web"])
        #expect(daemon.log.contains("inbox=web") && daemon.log.contains("inbox=wire"))

        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// A daemon started on a configuration whose inboxes overlap refuses to start, and says
    /// which key to fix.
    @Test func overlappingInboxesRefuseTheStart() async throws {
        let (daemon, wire, _) = try daemon()
        let config = try String(contentsOfFile: daemon.environment["TIDINGS_CONFIG"]!, encoding: .utf8)
        try config.replacingOccurrences(of: "feeds/web", with: "feeds/wire/web")
            .write(toFile: daemon.environment["TIDINGS_CONFIG"]!, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: wire + "/web", withIntermediateDirectories: true)
        try daemon.start()
        #expect(try await daemon.waitForExit() == 2)
        #expect(daemon.log.contains("inboxes.web.path"))
        #expect(daemon.log.contains("is inside the inbox wire (\(wire))"))
    }
}
