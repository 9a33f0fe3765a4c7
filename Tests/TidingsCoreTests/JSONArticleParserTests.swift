import Testing
@testable import TidingsCore

@Suite struct JSONArticleParserTests {
    let parser = ArticleParser()

    func parse(_ json: String) throws -> ParsedArticle { try parser.parse(Array(json.utf8), fileName: "a.json") }

    @Test func ninjs2WithHeadlinesAndBodies() throws {
        let article = try parse("""
            {"uri": "https://example.org/1", "type": "text", "language": "en",
             "versioncreated": "2020-01-14T09:30:00Z", "located": "TEHRAN", "by": "Staff Writer",
             "headlines": [{"role": "sub", "value": "Sub"}, {"role": "main", "value": "Iran Urges Push"}],
             "bodies": [{"contenttype": "text/html", "value": "<p>x</p>"},
                        {"contenttype": "text/plain", "value": "First paragraph.\\n\\nSecond paragraph."}]}
            """)
        #expect(article.format == .ninjs)
        #expect(article.title == "Iran Urges Push")
        #expect(article.paragraphs == ["First paragraph.", "Second paragraph."])
        #expect(article.dateline == "TEHRAN")
        #expect(article.byline == "Staff Writer")
        #expect(article.published == "2020-01-14T09:30:00Z")
        #expect(article.url == "https://example.org/1")
        #expect(article.language == "en")
    }

    @Test func ninjs1WithHeadlineAndBodyText() throws {
        let article = try parse(#"{"uri": "urn:x", "headline": "Talks Resume", "body_text": "WASHINGTON (Reuters) - Talks resumed.", "copyrightholder": "Reuters"}"#)
        #expect(article.format == .ninjs)
        #expect(article.title == "Talks Resume")
        #expect(article.body == "Talks resumed.")
        #expect(article.dateline == "WASHINGTON")
        #expect(article.source == "Reuters")
    }

    @Test func ninjsWithOnlyAnHTMLBodyIsReadFromItsMarkup() throws {
        let article = try parse(#"{"headline": "x", "body_html": "<p>First paragraph, with <b>bold</b> text.</p><figure><img src=a.jpg><figcaption>A caption</figcaption></figure><p>Second paragraph.</p><script>track()</script>"}"#)
        #expect(article.paragraphs == ["First paragraph, with bold text.", "Second paragraph."])
        let bodies = try parse(#"{"headline": "x", "bodies": [{"contenttype": "text/html", "value": "<p>Only markup.</p>"}]}"#)
        #expect(bodies.paragraphs == ["Only markup."])
    }

    @Test func flatObjectWithBody() throws {
        let article = try parse("""
            {"title": "Budget Passes", "body": "The council approved it.\\nIt took a day.",
             "source": {"name": "Example News"}, "url": "https://example.org/b", "published": "2024-05-01",
             "author": ["Jane Doe", "John Smith"], "language": "en"}
            """)
        #expect(article.format == .json)
        #expect(article.title == "Budget Passes")
        #expect(article.paragraphs == ["The council approved it.", "It took a day."])
        #expect(article.source == "Example News")
        #expect(article.url == "https://example.org/b")
        #expect(article.published == "2024-05-01")
        #expect(article.byline == "Jane Doe, John Smith")
        #expect(article.language == "en")
    }

    @Test func flatObjectWithTextAndBoilerplate() throws {
        let article = try parse(#"{"title": "T", "text": "Body text.\n\nShare this article\n\nBack to top button", "source": "Wire"}"#)
        #expect(article.body == "Body text.")
        #expect(article.source == "Wire")
    }

    @Test func objectWithoutBodyIsRejected() {
        #expect(throws: Rejection.self) { try parse(#"{"title": "Only a title"}"#) }
        #expect(throws: Rejection.self) { try parse(#"{"title": "T", "body": "   "}"#) }
    }

    @Test func invalidJSONIsRejectedWithTheParserMessage() throws {
        let error = try #require(throws: Rejection.self) { try parse(#"{"title": "T", "body": }"#) }
        #expect(error.code == .invalidJSON)
        #expect(error.message.hasPrefix("invalid JSON ("))
    }

    @Test func deepNestingIsRejectedBeforeParsing() {
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: Rejection(.tooDeep, "JSON nested deeper than 64 levels (at byte offset 68)")) { try parse(deep) }
    }

    @Test func millionsOfTinyValuesAreRejectedBeforeParsing() {
        let many = #"{"title": "T", "body": "Some words here.", "x": ["# + String(repeating: "[],", count: 200_000) + "0]}"
        #expect(throws: Rejection(.tooLarge, "JSON with more than 100000 values (an article has a few hundred at most)")) { try parse(many) }
    }

    @Test func aBodyOfMillionsOfTinyParagraphsIsRejected() {
        let tiny = #"{"title": "T", "body": ""# + String(repeating: #"a\n\n"#, count: 150_000) + #""}"#
        #expect(throws: Rejection(.tooLarge, "more than 200000 lines (an article has a few hundred)")) { try parse(tiny) }
    }

    @Test func bracketsInsideStringsDoNotCountAsNesting() throws {
        let parser = ArticleParser(limits: ParserLimits(maxJSONDepth: 2))
        let article = try parser.parse(Array(#"{"title": "[[[{{{", "body": "Text with \"[[[\" inside.", "tags": ["a"]}"#.utf8))
        #expect(article.title == "[[[{{{")
    }

    @Test func utf16JSONIsDecoded() throws {
        let json = #"{"title": "Café", "body": "Ünïcode body."}"#
        let bytes: [UInt8] = [0xFF, 0xFE] + json.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let article = try parser.parse(bytes)
        #expect(article.title == "Café")
        #expect(article.body == "Ünïcode body.")
    }
}
