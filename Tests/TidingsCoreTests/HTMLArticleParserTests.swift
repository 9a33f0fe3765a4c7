import Foundation
import Testing
import TidingsTesting
@testable import TidingsCore

@Suite struct HTMLArticleParserTests {
    let story = "<p>The harbour authority said on Monday that the old swing bridge would close for repairs, cutting the shortest route between the two halves of the town.</p>"
        + "<p>Engineers found corrosion in the bridge's turning mechanism during an inspection in the spring, and said the repairs would take about four months.</p>"

    func parse(_ html: String, limits: ParserLimits = ParserLimits()) throws -> ParsedArticle {
        try ArticleParser(limits: limits).parse(Array(html.utf8), fileName: "page.html")
    }

    // MARK: Metadata

    @Test func openGraphAndArticleTagsGiveTheMetadata() throws {
        let article = try parse("""
            <!DOCTYPE html><html lang="en-GB"><head>
            <title>Bridge to close | The Harbour Post</title>
            <meta property="og:title" content="Old swing bridge to close for four months">
            <meta property="og:site_name" content="The Harbour Post">
            <meta property="article:published_time" content="2026-05-04T08:00:00Z">
            <meta name="author" content="Ruth Abel">
            <link rel="canonical" href="https://post.example/bridge">
            </head><body><article><h1>Old swing bridge to close</h1>\(story)</article></body></html>
            """)
        #expect(article.format == .html)
        #expect(article.title == "Old swing bridge to close for four months")
        #expect(article.source == "The Harbour Post")
        #expect(article.published == "2026-05-04T08:00:00Z")
        #expect(article.byline == "Ruth Abel")
        #expect(article.language == "en-GB")
        #expect(article.url == "https://post.example/bridge")
        #expect(article.paragraphs.count == 2)
    }

    @Test func jsonLDGraphGivesTheMetadataWhenTagsAreMissing() throws {
        let article = try parse("""
            <html><head><title>x</title><script type="application/ld+json">
            /*<![CDATA[*/{"@context": "https://schema.org", "@graph": [
              {"@type": "Organization", "@id": "#org", "name": "Harbour Media"},
              {"@type": ["NewsArticle"], "headline": "Bridge closes", "datePublished": "2026-05-04",
               "inLanguage": "cy", "publisher": {"@id": "#org"},
               "author": [{"@type": "Person", "name": "Ruth Abel"}, {"@type": "Person", "name": "Idris Lloyd"}],
               "mainEntityOfPage": {"@id": "https://post.example/bridge"}}]}/*]]>*/
            </script></head><body><div>\(story)</div></body></html>
            """)
        #expect(article.title == "Bridge closes")
        #expect(article.source == "Harbour Media")
        #expect(article.byline == "Ruth Abel, Idris Lloyd")
        #expect(article.published == "2026-05-04")
        #expect(article.language == "cy")
        #expect(article.url == "https://post.example/bridge")
    }

    @Test func markupGivesTheRestWhenThereIsNoMetadata() throws {
        let article = try parse("""
            <html><head><title>Swing bridge to close for repairs - The Harbour Post</title>
            <meta property="og:locale" content="en_GB"></head>
            <body><article><h1>Swing bridge to close for repairs</h1><span class="byline">By Ruth Abel</span>
            <time datetime="2026-05-04T08:00">4 May</time>\(story)</article></body></html>
            """)
        #expect(article.title == "Swing bridge to close for repairs")
        #expect(article.byline == "Ruth Abel")
        #expect(article.published == "2026-05-04T08:00")
        #expect(article.language == "en-GB")
        #expect(article.body.hasPrefix("The harbour authority said"))
    }

    @Test func aBlogsOwnNameInTheH1IsNotTheTitle() throws {
        let article = try parse("""
            <html><head><title>Notes from the quay: The bridge is closing</title></head>
            <body><h1>Notes from the quay</h1><div class="post"><h3>The bridge is closing</h3>\(story)</div></body></html>
            """)
        #expect(article.title == "The bridge is closing")
    }

    @Test func jsonLDArticleBodyIsUsedWhenTheMarkupHoldsOnlyATeaser() throws {
        let page = try Data(contentsOf: HTMLExtractionTests.directory.appendingPathComponent("spa-shell-jsonld.html"))
        let article = try ArticleParser().parse(Array(page))
        #expect(article.paragraphs.count == 5)
        #expect(article.paragraphs.last?.hasPrefix("Local officials welcomed") == true)
    }

    // MARK: Hostile and empty pages

    @Test func tenMegabytesOfNestedDivsKeepTheirText() throws {
        let page = String(repeating: "<div>", count: 2_000_000) + story
        #expect(page.utf8.count > 10_000_000)
        let article = try parse(page, limits: ParserLimits(maxFileBytes: 12_000_000))
        // Below the depth limit the paragraphs are text of the deepest element kept: one paragraph.
        #expect(article.body.hasPrefix("The harbour authority said"))
        #expect(article.body.hasSuffix("would take about four months."))
    }

    @Test func unclosedTagsAreClosedAsBrowsersCloseThem() throws {
        let article = try parse("<html><body><div><p>The harbour authority said on Monday that the old swing bridge would close<p>Engineers found corrosion in the turning mechanism, and said the repairs would take months<div><span><b>Traffic will be sent round the ring road, which adds ten minutes")
        #expect(article.paragraphs == [
            "The harbour authority said on Monday that the old swing bridge would close",
            "Engineers found corrosion in the turning mechanism, and said the repairs would take months",
            "Traffic will be sent round the ring road, which adds ten minutes",
        ])
    }

    @Test func aPageWithOnlyScriptsIsRejectedWithAReason() {
        let scripts = String(repeating: "<script>var story = 'The harbour authority said on Monday that the bridge would close.';</script>", count: 500)
        #expect(throws: Rejection(.noBody, "no article text in the HTML page: it holds 1000 scripts and no text outside them")) {
            try parse("<!DOCTYPE html><html><head>\(scripts)</head><body>\(scripts)<noscript>Please enable JavaScript.</noscript></body></html>")
        }
    }

    @Test func aPageWithNoTextIsRejectedWithAReason() {
        #expect(throws: Rejection(.noBody, "no article text in the HTML page: it holds 1 link, 1 image and no text outside them")) {
            try parse("<!DOCTYPE html><html><body><div><img src=a.jpg></div><nav><a href=/>Home</a></nav></body></html>")
        }
    }

    @Test func aPageWithTooManyElementsIsRejected() {
        var limits = ParserLimits()
        limits.maxHTMLElements = 1_000
        #expect(throws: Rejection(.tooComplex, "HTML page with more than 1000 elements (a news page has a few thousand)")) {
            try parse("<html><body>" + String(repeating: "<span>x</span>", count: 2_000) + story + "</body></html>", limits: limits)
        }
    }

    @Test func xmlThatIsNotXHTMLIsReadAsXMLNotAsAPage() {
        #expect(throws: Rejection(.noBody, "no article: an RSS feed with no entries")) {
            try ArticleParser().parse(Array(#"<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>"#.utf8), fileName: "feed.xml")
        }
        #expect(throws: Rejection(.unsupportedFormat, "unsupported format: an XML document or fragment whose root element is <svg> (NewsML-G2, NewsML 1.2, NITF, Atom, RSS and WordPress exports are read)")) {
            try ArticleParser().parse(Array(#"<?xml version="1.0"?><svg><text>x</text></svg>"#.utf8), fileName: "image.svg")
        }
    }

    // MARK: Across formats

    @Test func thePageAndThePlainTextCopyOfAStoryAreNearDuplicates() throws {
        let page = try Data(contentsOf: HTMLExtractionTests.directory.appendingPathComponent("tasnim-rouhani.html"))
        let html = try ArticleParser().parse(Array(page), fileName: "tasnim.html")
        let text = try ArticleParser().parse(Fixtures.seedBytes("001"))
        #expect(html.format == .html && text.format == .text)
        let candidates = InMemoryCandidates()
        candidates.add(1, text.body)
        let verdict = try Deduplicator().classify(Fingerprint(body: html.body), in: candidates)
        guard case .nearDuplicate(of: 1, let similarity) = verdict else {
            Issue.record("the page was not found to be a copy of the text: \(verdict)")
            return
        }
        #expect(similarity > 0.9)
    }
}
