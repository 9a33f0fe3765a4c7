import Foundation
import Testing
import TidingsTesting
@testable import TidingsCore

/// The seeds are real wire copy from four outlets; each shows some of the rules at work.
@Suite struct WireCopyParserTests {
    let parser = ArticleParser()

    func parse(_ text: String) throws -> ParsedArticle { try parser.parse(Array(text.utf8)) }

    @Test func millionsOfTinyParagraphsAreRejectedBeforeSplitting() throws {
        let tiny = "Headline\n\n" + String(repeating: "a\n\n", count: 150_000)
        #expect(throws: Rejection(.tooLarge, "more than 200000 lines (an article has a few hundred)")) { try parse(tiny) }
        let long = "Headline\n\n" + String(repeating: "A sentence of a long report.\n\n", count: 90_000)
        #expect(try parse(long).paragraphs.count == 90_000)
    }

    @Test func seed000MehrWithInlineFooterAndInitials() throws {
        let article = try parser.parse(Fixtures.seedBytes("000"))
        #expect(article.title == nil)
        #expect(article.source == "Mehr News Agency")
        #expect(article.dateline == "TEHRAN")
        #expect(article.body.hasPrefix("Iranian First Vice President Es’haq Jahangiri said on Monday"))
        #expect(article.body.hasSuffix("I hope we would witness positive results in 2020,” Vice President Jahangiri stated."))
        #expect(article.paragraphs.count == 2)
    }

    @Test func seed001TasnimWithHeadline() throws {
        let article = try parser.parse(Fixtures.seedBytes("001"))
        #expect(article.title == "Iran Urges Regional Push for Expulsion of US Forces")
        #expect(article.source == "Tasnim")
        #expect(article.dateline == "TEHRAN")
        #expect(article.format == .text)
        #expect(article.paragraphs.first?.hasPrefix("Iranian President Hassan Rouhani called") == true)
        #expect(article.paragraphs.count == 11)
    }

    @Test func seed002IranPressWithPrefixAndReadMoreTail() throws {
        let article = try parser.parse(Fixtures.seedBytes("002"))
        #expect(article.source == "Iran Press")
        #expect(article.dateline == "Tehran")
        #expect(article.paragraphs[1] == "Syrian foreign minister Walid Al Muallem and the defense minister Ali Ayoub also attended the meeting.")
        #expect(article.body.hasSuffix("at the Sa'adabad Historical and Cultural Complex in Tehran."))
        #expect(!article.body.contains("Read More"))
        #expect(!article.body.contains("Talks held between"))
    }

    @Test func seed003OneParagraphPerLine() throws {
        let article = try parser.parse(Fixtures.seedBytes("003"))
        #expect(article.source == "Mehr News Agency")
        #expect(article.dateline == "TEHRAN")
        #expect(article.paragraphs.count == 2)
        #expect(article.body.hasSuffix("the Syrian prime minister pointed out."))
    }

    @Test func seed004BreadcrumbAndBackToTop() throws {
        let article = try parser.parse(Fixtures.seedBytes("004"))
        #expect(article.title == "Soleimani’s death ‘pumped new blood into the veins of the Resistance’: Iran envoy to Syria")
        #expect(article.source == nil)
        #expect(article.dateline == nil)
        #expect(article.body.hasPrefix("The Islamic Republic marked"))
        #expect(article.body.hasSuffix("by mid-January 2021."))
    }

    @Test func noSeedBodyKeepsBoilerplate() throws {
        for seed in Fixtures.seeds {
            let body = try parser.parse(Array(try Data(contentsOf: seed))).body
            for boilerplate in ["All Content by", "Back to top button", "Read More", "NA/", "Iran Press/Iran News", "IranSyriaWest"] {
                #expect(!body.contains(boilerplate), "\(seed.lastPathComponent) keeps \(boilerplate)")
            }
        }
    }

    @Test(arguments: [
        ("TEHRAN - Officials met.", "TEHRAN", nil as String?),
        ("TEHRAN – Officials met.", "TEHRAN", nil),
        ("TEHRAN (Tasnim) – Officials met.", "TEHRAN", "Tasnim"),
        ("Tehran (IP) - Officials met.", "Tehran", "Iran Press"),
        ("WASHINGTON, Jan 5 (Reuters) - Officials met.", "WASHINGTON, Jan 5", "Reuters"),
        ("NEW YORK — Officials met.", "NEW YORK", nil),
    ])
    func datelinesAreRecognised(text: String, dateline: String, source: String?) throws {
        let article = try parse(text)
        #expect(article.dateline == dateline)
        #expect(article.source == source)
        #expect(article.body == "Officials met.")
    }

    @Test(arguments: ["The talks - long delayed - began.", "Officials met - and agreed.", "US-Iran talks resumed on Monday."])
    func ordinarySentencesAreNotDatelines(text: String) throws {
        let article = try parse(text)
        #expect(article.dateline == nil)
        #expect(article.body == text)
    }

    @Test func crlfFileParsesLikeLF() throws {
        let lf = Fixtures.seedText("001")
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try parse(crlf).paragraphs == (try parse(lf)).paragraphs)
    }

    @Test func hardWrappedParagraphsAreJoined() throws {
        let article = try parse("Headline here\n\nLONDON - First line\nof a wrapped paragraph.\n\nSecond paragraph.")
        #expect(article.title == "Headline here")
        #expect(article.paragraphs == ["First line of a wrapped paragraph.", "Second paragraph."])
    }

    @Test func aLoneLineIsBodyNotHeadline() throws {
        let article = try parse("Just one line without a full stop")
        #expect(article.title == nil)
        #expect(article.body == "Just one line without a full stop")
    }

    @Test func fileOfOnlyBoilerplateHasNoBody() {
        #expect(throws: Rejection(.noBody, "no article text (only a headline, boilerplate or white space)")) {
            try parse("Share on Facebook\n\nBack to top button\n")
        }
        #expect(throws: Rejection.self) { try parse(" \n\u{00A0}\n\t\n") }
    }

    @Test func overlongLineIsRejected() {
        let parser = ArticleParser(limits: ParserLimits(maxLineBytes: 100))
        let text = "Short line\n" + String(repeating: "x", count: 101)
        #expect(throws: Rejection(.lineTooLong, "line 2 is longer than 100 bytes")) { try parser.parse(Array(text.utf8)) }
    }

    @Test func oversizedInputIsRejected() {
        let parser = ArticleParser(limits: ParserLimits(maxFileBytes: 10))
        #expect(throws: Rejection(.tooLarge, "too large (11 bytes; the limit is 10)")) { try parser.parse(Array("hello world".utf8)) }
    }

    @Test func markupIsReadAsHTMLAndAJSONArrayItemByItem() throws {
        #expect(try parser.parse(Array("<!DOCTYPE html><html><body><p>A page of one paragraph, long enough to be a story.</p></body></html>".utf8)).format == .html)
        #expect(throws: Rejection(.noBody, "no article text (no non-empty `body`, `text`, `body_text` or plain-text `bodies` entry)")) {
            try parse("[{\"title\": \"x\"}]")
        }
        let items = try parser.parseItems(Array(#"[{"title": "One", "body": "The first story of the list, long enough."}, 7]"#.utf8))
        #expect(items.count == 2)
        #expect(try items[0].get().title == "One")
        #expect(throws: Rejection(.unsupportedFormat, "unsupported format: element 2 of the JSON array is not an object")) { try items[1].get() }
    }

    /// A wire story whose first line opens with `[` or `<` is still a wire story.
    @Test(arguments: [
        "[UPDATE 2] Oil prices climb after OPEC cut", "[Exclusive] Talks stall", "<AP> Markets close higher", "{Corrected} Rates unchanged",
    ])
    func aStoryWhoseFirstLineOpensLikeMarkupOrJSONIsText(headline: String) throws {
        let text = headline + "\n\nLONDON (Reuters) - Oil prices rose on Monday after producers agreed to cut output further, traders said.\n"
        let article = try parser.parse(Array(text.utf8))
        #expect(article.format == .text)
        #expect(article.title == headline)
        #expect(article.dateline == "LONDON")
        #expect(article.paragraphs == ["Oil prices rose on Monday after producers agreed to cut output further, traders said."])
    }
}
