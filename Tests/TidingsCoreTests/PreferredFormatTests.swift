import Foundation
import Testing
import TidingsTesting
@testable import TidingsCore

/// An inbox's `format`: tried before detection, with detection as the fallback.
@Suite struct PreferredFormatTests {
    /// Wire copy whose first line opens like a JSON object.
    let slugged = Array("""
        {"slug": "oil"} OIL PRICES CLIMB ON SUPPLY FEARS

        LONDON - Oil prices rose on Tuesday as traders weighed supply risks in the Middle East.

        Brent crude futures gained 1.2 percent to settle at their highest level in three weeks.
        """.utf8)

    @Test func textFirstReadsWireCopyThatDetectionTakesForJSON() throws {
        #expect(throws: Rejection.self) { try ArticleParser().parse(slugged) }
        let article = try ArticleParser(preferring: .text).parse(slugged)
        #expect(article.format == .text)
        #expect(article.title == "{\"slug\": \"oil\"} OIL PRICES CLIMB ON SUPPLY FEARS")
        #expect(article.dateline == "LONDON")
    }

    /// A file that is not in the preferred format is detected as usual: a feed that sends
    /// NITF and now and then plain text loses nothing.
    @Test func aFileNotInThePreferredFormatIsDetectedAsUsual() throws {
        let seed = Fixtures.seedBytes("001")
        #expect(try ArticleParser(preferring: .nitf).parse(seed) == ArticleParser().parse(seed))
        let ninjs = try Array(Data(contentsOf: Fixtures.root.appendingPathComponent("Tests/fixtures/formats/ninjs2.json")))
        #expect(try ArticleParser(preferring: .email).parse(ninjs).format == .ninjs)
    }

    /// The preference reaches every format: an XML one parses news XML, JSON one ninjs.
    @Test func thePreferredFormatIsTheOneParsedWhenItFits() throws {
        let nitf = try Array(Data(contentsOf: Fixtures.root.appendingPathComponent("Tests/fixtures/formats/nitf-story.xml")))
        #expect(try ArticleParser(preferring: .nitf).parse(nitf).format == .nitf)
        let ninjs = try Array(Data(contentsOf: Fixtures.root.appendingPathComponent("Tests/fixtures/formats/ninjs2.json")))
        #expect(try ArticleParser(preferring: .json).parse(ninjs).format == .ninjs)
    }
}
