import Foundation
import Testing
@testable import TidingsCore
import TidingsTesting

/// The agencies' formats: IPTC's own NewsML-G2 examples (`../shared/formats/newsml-g2/`),
/// and samples written from the public specifications (`Tests/fixtures/formats/`).
@Suite struct WireFormatTests {
    static let iptc = Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/formats/newsml-g2")
    static let samples = Fixtures.root.appendingPathComponent("Tests/fixtures/formats")

    static func items(_ url: URL) throws -> [Result<ParsedArticle, Rejection>] {
        try ArticleParser().parseItems(Array(try Data(contentsOf: url)), fileName: url.lastPathComponent)
    }

    static func article(_ name: String) throws -> ParsedArticle {
        try ArticleParser().parse(Array(try Data(contentsOf: samples.appendingPathComponent(name))), fileName: name)
    }

    // MARK: IPTC's examples

    /// The IPTC examples that carry a text article, with the headline and the opening of the
    /// body each must give.
    static let iptcArticles: [(file: String, headline: String, opening: String)] = [
        ("LISTING_1_A_NewsML-G2_News_Item.xml", #"Fed to halt QE to avert "bubble""#, #"Fed to halt QE to avert "bubble""#),
        ("LISTING_2_NewsML-G2_Text_Document.xml", #"Fed to halt QE to avert "bubble""#, "(New York, NY - October 21) Et, sent luptat luptat"),
        ("LISTING_21_A_complete_sample_SportsML-G2_document.xml", "Troy Tulowitzki singled to third", "Troy Tulowitzki singled to third"),
        ("LISTING_22_Sports_story_in_NewsML-G2NITF.xml", "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.",
         "(Sports Network) - A pair of teams coming off big weekend sweeps"),
        ("LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml", "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.",
         "(Sports Network) - With the Philadelphia Phillies picking up momentum"),
        ("LISTING_27_Company_Financial_Information.xml", "Acme Widgets announces annual results", "Acme Widgets (XTSE:AWG), a leader in the production"),
        // IPTC's README calls it a fragment, but it is a whole text item with a body.
        ("Receiver View.xml", #"Fed to halt QE to avert "bubble""#, "(New York, NY - November 21) Et, sent luptat luptat"),
    ]

    @Test func everyIPTCArticleExampleGivesItsHeadlineAndBody() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.iptc.path)
        #expect(files.count >= 30, "IPTC's examples are missing from \(Self.iptc.path)")
        for (file, headline, opening) in Self.iptcArticles {
            let article = try ArticleParser().parse(Array(try Data(contentsOf: Self.iptc.appendingPathComponent(file))), fileName: file)
            #expect(article.title?.hasPrefix(headline) == true, "\(file): \(article.title ?? "no title")")
            #expect(article.body.hasPrefix(opening), "\(file): \(article.body.prefix(120))")
            #expect(article.format == (file.hasPrefix("LISTING_25") ? .nitf : .newsMLG2), "\(file)")
        }
        let second = try ArticleParser().parse(Array(try Data(contentsOf: Self.iptc.appendingPathComponent("LISTING_2_NewsML-G2_Text_Document.xml"))))
        #expect(second.byline == "Meredith Jameson" && second.dateline == "New York, NY" && second.language == "en-US")
        #expect(second.published == "2018-11-21T16:25:32-05:00" && second.guid == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED" && second.version == 11)
        #expect(second.paragraphs.count == 2)
    }

    /// What each other example is, as its rejection must say.
    static let iptcRejections: [(prefix: String, says: String)] = [
        ("LISTING_10", "a concept item"), ("LISTING_11", "a concept item"), ("LISTING_12", "a knowledge item"),
        ("LISTING_13", "a catalog item"), ("LISTING_14", "a concept item"), ("LISTING_15", "a knowledge item"),
        ("LISTING_16", "composite"), ("LISTING_17", "a planning item"), ("LISTING_18", "a planning item"),
        ("LISTING_19", "a planning item"), ("LISTING_20", "a planning item"), ("LISTING_23", "a package item"),
        ("LISTING_24", "no article among its 5 items"), ("LISTING_26", "photo item"), ("LISTING_28", "whose root element is <contentmeta>"),
        ("LISTING_29", "text item with no headline and no content"), ("LISTING_3A", "photo item"), ("LISTING_3_", "photo item"),
        ("LISTING_4_", "video item"), ("LISTING_5_", "video item"), ("LISTING_6_", "a package item"),
        ("LISTING_7_", "whose root element is <groupset>"), ("LISTING_8_", "whose root element is <groupset>"),
        ("LISTING_9_", "whose root element is <groupset>"), ("ap_metadata_example", "video item"),
        ("facet-example.", "no headline and no content"), ("facet-example-2", "no headline and no content"),
        ("facet-example-3", "no headline and 3 words of content (a placeholder)"),
    ]

    @Test func everyOtherIPTCExampleIsRejectedNamingWhatItIs() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.iptc.path).filter { $0.hasSuffix(".xml") }
        let articles = Set(Self.iptcArticles.map(\.file))
        for file in files.sorted() where !articles.contains(file) {
            let expected = try #require(Self.iptcRejections.first { file.hasPrefix($0.prefix) }, "\(file) is neither an article nor a known rejection")
            do {
                let article = try ArticleParser().parse(Array(try Data(contentsOf: Self.iptc.appendingPathComponent(file))), fileName: file)
                Issue.record("\(file) gave an article: \(article.title ?? "") \(article.body.prefix(80))")
            } catch let error as Rejection {
                #expect(error.message.contains(expected.says), "\(file): \(error.message)")
            }
        }
    }

    // MARK: Samples from the specifications

    @Test func aNewsMessageGivesEachItemInOrder() throws {
        let items = try Self.items(Self.samples.appendingPathComponent("g2-message.xml"))
        #expect(items.count == 3)
        let harbour = try items[0].get()
        #expect(harbour.title == "Harbour reopens after three-day storm closure" && harbour.dateline == "Lisbon" && harbour.paragraphs.count == 2)
        #expect(throws: Rejection(.unsupportedFormat, "not an article: a NewsML-G2 photo item (itemClass picture)")) { try items[1].get() }
        let budget = try items[2].get()
        #expect(budget.byline == "Rui Costa" && budget.version == 2 && budget.paragraphs.count == 2)
        #expect(budget.guid == "urn:newsml:wire.example.com:20261130:budget")
    }

    @Test func versionsAndKillsCarryTheirIdentityAndStatus() throws {
        let first = try Self.article("g2-oil-v1.xml"), second = try Self.article("g2-oil-v2.xml"), kill = try Self.article("g2-oil-kill.xml")
        #expect(first.guid == second.guid && second.guid == kill.guid)
        #expect([first.version, second.version, kill.version] == [1, 2, 3])
        #expect(first.status == nil && second.status == nil && kill.status == .canceled)
        #expect(first.source == "Example Wire" && first.byline == "Ana Lima" && first.dateline == "LONDON, Nov 30")
        #expect(first.published == "2026-11-30T08:00:00Z" && first.language == "en" && first.paragraphs.count == 4)
        #expect(!first.body.contains("LONDON, Nov 30 (Example Wire) -"), "the dateline stays in the body")
    }

    @Test func nitfInALegacyCharsetWithHTMLEntities() throws {
        let article = try Self.article("nitf-story.xml")
        #expect(article.format == .nitf)
        #expect(article.title == "Gréve des contrôleurs aériens: des centaines de vols annulés")
        #expect(article.byline == "Par Claire Dubois", "the writer's title (byttl) is left out")
        #expect(article.dateline == "PARIS, 30 novembre" && article.source == "Example Wire")
        #expect(article.guid == "EXW-FR-20261130-0042" && article.published == "20261130T094500+0100")
        #expect(article.paragraphs.first?.hasPrefix("Des centaines de vols ont été annulés lundi") == true)
        #expect(!article.body.contains("Roissy"), "a photo caption is not story")
        #expect(article.paragraphs.count == 4)
    }

    @Test func newsML12TextAndPhotoItems() throws {
        let article = try Self.article("newsml12-story.xml")
        #expect(article.format == .newsML1 && article.title == "Rail strike halts trains across the north")
        #expect(article.byline == "Tom Reed" && article.dateline == "MANCHESTER, Nov 30" && article.source == "Example Wire")
        #expect(article.guid == "urn:newsml:wire.example.com:20261130:TX-SGE-RAIL1" && article.version == 1 && article.language == "en")
        #expect(article.paragraphs == [
            "A strike by train drivers halted most services across northern England on Monday, leaving commuters to crowd onto buses and roads.",
            "The union said the walkout over pay would last 48 hours and that further dates would be announced next week.",
        ])
        #expect(throws: Rejection(.unsupportedFormat, "not an article: a NewsML 1.2 item carrying photo content and no text")) {
            try Self.article("newsml12-photo.xml")
        }
    }

    @Test func anpaAndIPTC7901Transmissions() throws {
        let ap = try Self.article("anpa-ap.txt")
        #expect(ap.format == .anpa && ap.title == "Oil prices climb after producers agree deeper cut")
        #expect(ap.byline == "ANA LIMA" && ap.dateline == "LONDON" && ap.source == "Associated Press")
        #expect(ap.paragraphs.count == 3)
        #expect(ap.paragraphs[0].hasPrefix("Oil prices rose more than two percent on Monday after the largest producers agreed over the weekend to deepen"))
        #expect(!ap.body.contains("(END)") && !ap.body.contains("GMT<") && !ap.body.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let dpa = try Self.article("iptc7901-dpa.txt")
        #expect(dpa.title == "Bahnstreik legt Nordengland lahm" && dpa.dateline == "Manchester" && dpa.source == "dpa")
        #expect(dpa.paragraphs.first?.contains("Lokführer") == true, "the 8-bit charset is read")
        #expect(dpa.paragraphs.count == 2, "the sign-off is not story: \(dpa.paragraphs)")
    }

    @Test func eMailsFromTheirHeadersAndTextPart() throws {
        let release = try Self.article("press-release.eml")
        #expect(release.format == .email)
        #expect(release.title == "Example Motors baut Batteriewerk in Niederbayern – 1.200 neue Arbeitsplätze")
        #expect(release.source == "Example Motors Pressestelle" && release.published == "Mon, 30 Nov 2026 09:12:00 +0100")
        #expect(release.language == "en" && release.dateline == "MUNICH, Nov 30")
        #expect(release.paragraphs.last == "\"Bavaria is where our engineers are,\" said chief executive Jürgen Maier.", "quoted-printable Latin-1, signature cut")
        let htmlOnly = try Self.article("html-only.eml")
        #expect(htmlOnly.title == "Budget approuvé pour 2027" && htmlOnly.source == "Council Press")
        #expect(htmlOnly.paragraphs == [
            "Le conseil municipal a approuvé mardi le budget de la ville pour 2027 par neuf voix contre quatre.",
            "Les dépenses de transport public augmentent de dix pour cent.",
        ])
    }

    @Test func feedsAndWordPressExportsGiveAnArticleAnEntry() throws {
        let atom = try Self.items(Self.samples.appendingPathComponent("atom.xml")).map { try $0.get() }
        #expect(atom.map(\.title) == ["Volcano erupts on remote island, flights diverted", "Markets steady ahead of rate decision"])
        #expect(atom[0].byline == "Mara Quist" && atom[0].published == "2026-11-30T09:00:00Z" && atom[0].url == "https://daily.example/world/volcano")
        #expect(atom[0].paragraphs.count == 2 && atom[1].paragraphs.count == 1 && atom.allSatisfy { $0.format == .atom && $0.language == "en" })
        let wxr = try Self.items(Self.samples.appendingPathComponent("wordpress.xml"))
        #expect(wxr.count == 2)
        let post = try wxr[0].get()
        #expect(post.format == .wxr && post.title == "Bridge repairs to close river road for a month" && post.byline == "jpark")
        #expect(post.paragraphs.count == 2 && post.source == "Valley Gazette")
        #expect(throws: Rejection(.unsupportedFormat, "not an article: a WordPress attachment (post_type attachment)")) { try wxr[1].get() }
    }

    @Test func ninjsOneAndTwo() throws {
        let two = try Self.article("ninjs2.json")
        #expect(two.title == "Wildfire forces thousands to leave homes near Perth", "the main headline")
        #expect(two.byline == "Liam Ward" && two.dateline == "PERTH, Australia" && two.version == 2 && two.source == "Example Wire")
        #expect(two.paragraphs.count == 2 && two.guid == "urn:newsml:wire.example.com:20261130:wildfire")
        let one = try Self.article("ninjs1.json")
        #expect(one.title == "Central bank holds rates steady" && one.byline == "Nora Blix" && one.paragraphs.count == 2, "body_xhtml")
        #expect(throws: Rejection(.unsupportedFormat, "not an article: a ninjs picture item (type \"picture\")")) { try Self.article("ninjs-picture.json") }
    }

    // MARK: Hostile XML

    @Test func anEntityBombIsRefusedAtItsFirstDeclaration() throws {
        #expect(throws: Rejection(.refused, "refused: the XML document declares the entity lol; entities are never expanded or fetched (an entity bomb or an external-entity read looks like this)")) {
            try Self.article("billion-laughs.xml")
        }
    }

    @Test func anExternalEntityIsNeverRead() throws {
        do {
            let article = try Self.article("external-entity.xml")
            Issue.record("an article came out: \(article.body)")
        } catch let error as Rejection {
            #expect(error.code == .refused)
            #expect(error.message.contains("declares the entity secret (external, \"file:///etc/passwd\")"))
        }
    }

    @Test func malformedXMLIsRejectedWithItsLine() {
        #expect(throws: Rejection(.unsupportedFormat, "malformed XML: Opening and ending tag mismatch: headline line 1 and contentMeta (line 1)")) {
            try ArticleParser().parse(Array(#"<?xml version="1.0"?><newsItem><contentMeta><headline>x</contentMeta></newsItem>"#.utf8))
        }
    }

    // MARK: One story in every format

    /// Seed 001 wrapped as each format delivers it: every copy is a duplicate or a close
    /// near-duplicate of the plain-text seed.
    @Test func theCopiesOfOneStoryInEveryFormatAreDuplicates() throws {
        let seed = Fixtures.seedText("001")
        let blocks = seed.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let headline = blocks[0], paragraphs = Array(blocks.dropFirst())
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let nitf = "<nitf><body><body.head><hedline><hl1>\(escaped(headline))</hl1></hedline></body.head><body.content>"
            + paragraphs.map { "<p>\(escaped($0))</p>" }.joined() + "</body.content></body></nitf>"
        let copies: [(String, String)] = [
            ("newsml-g2", """
                <?xml version="1.0" encoding="UTF-8"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:tasnim:1" version="1">
                <itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>\(escaped(headline))</headline></contentMeta>
                <contentSet><inlineXML contenttype="application/nitf+xml">\(nitf)</inlineXML></contentSet></newsItem>
                """),
            ("nitf", "<?xml version=\"1.0\"?>" + nitf),
            ("email", "From: Tasnim <news@tasnim.example>\nSubject: \(headline)\nDate: Tue, 14 Jan 2020 10:00:00 +0330\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
                + paragraphs.joined(separator: "\n\n") + "\n"),
            ("anpa", "\u{01}a0001 r i BC-Iran-Syria 01-14 0400\n\u{02}^\(headline)<\n" + paragraphs.map { "   " + $0 }.joined(separator: "\n") + "\n\u{03}"),
            ("ninjs", String(decoding: try JSONSerialization.data(withJSONObject: ["headline": headline, "body_text": paragraphs.joined(separator: "\n\n"), "uri": "urn:x"]), as: UTF8.self)),
        ]
        let text = try ArticleParser().parse(Array(seed.utf8))
        for (format, copy) in copies {
            let article = try ArticleParser().parse(Array(copy.utf8))
            #expect(article.format.rawValue == format, "\(format) read as \(article.format)")
            #expect(article.title == headline, "\(format): \(article.title ?? "no title")")
            let candidates = InMemoryCandidates()
            candidates.add(1, text.body)
            switch try Deduplicator().classify(Fingerprint(body: article.body), in: candidates) {
            case .duplicate(of: 1): break
            case .nearDuplicate(of: 1, let similarity): #expect(similarity > 0.9, "\(format): \(similarity)")
            case let verdict: Issue.record("\(format): the copy is not a duplicate of the text: \(verdict)")
            }
        }
    }
}
