/// Reads the article out of a whole web page, as scrapers save it.
///
/// Decoding follows the page's character set (``HTMLCharset``); libxml2's HTML parser
/// builds the element tree within limits (``HTMLTreeBuilder``); the metadata comes from
/// `<meta>` tags, JSON-LD and markup (``HTMLMetadata``) and the body from content scoring
/// (``HTMLContentExtractor``). The body then goes through the same text rules as wire
/// copy — dateline, boilerplate lines, trailers — so that a page and a plain-text copy of
/// the same story end up with the same body; all but the rule that cuts the text after a
/// "Related" or "See also" line, which in a page is as often a section of the story
/// (measured: it cost 0.002 of real-page F1 and gained nothing).
struct HTMLArticleParser {
    var rules: [BoilerplateRule]
    var limits: ParserLimits

    /// Parses a page from its bytes as read (any charset).
    func parse(_ bytes: [UInt8]) throws(Rejection) -> ParsedArticle {
        try parse(utf8: HTMLCharset.decode(bytes).utf8, raw: bytes)
    }

    /// Parses a page already decoded to UTF-8; `raw` is what is stored.
    ///
    /// The body comes from content scoring; when that finds no text, from the page's
    /// schema.org `articleBody`; failing that, from the page's visible text. A page is
    /// rejected only when it has no text at all, saying what it holds instead.
    func parse(utf8: [UInt8], raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        let document = try HTMLTreeBuilder.parse(utf8: utf8, limits: HTMLTreeBuilder.Limits(limits))
        let metadata = HTMLMetadata(document: document)
        let extractor = HTMLContentExtractor()
        var method: HTMLContentExtractor.Method
        var paragraphs: [String]
        var contentByline: String?
        if let extraction = extractor.extract(from: document, title: metadata.title) {
            (paragraphs, method, contentByline) = (extraction.paragraphs, extraction.method, extraction.byline)
            if let articleBody = metadata.articleBody, Self.prefersLinkedDataBody(articleBody, over: paragraphs) {
                paragraphs = Self.paragraphs(ofLinkedData: articleBody)
                method = .linkedData
            }
        } else if let linked = metadata.articleBody.map(Self.paragraphs(ofLinkedData:)), !linked.isEmpty {
            (paragraphs, method) = (linked, .linkedData)
        } else {
            (paragraphs, method) = (extractor.pageText(of: document), .pageText)
        }
        let body = WireCopyParser(rules: rules.filter { $0.scope != .tailFromLine }, maxLineBytes: limits.maxLineBytes)
            .extract(from: paragraphs.joined(separator: "\n\n"), detectHeadline: false)
        guard !body.paragraphs.isEmpty else { throw Self.noText(in: document) }
        var article = ParsedArticle(
            title: metadata.title, source: metadata.source ?? body.source, dateline: body.dateline,
            byline: metadata.byline ?? contentByline.map(HTMLMetadata.withoutBy) ?? body.byline, published: metadata.published,
            language: metadata.language, url: metadata.url, format: .html, paragraphs: body.paragraphs, raw: raw)
        article.extraction = method.rawValue
        return article
    }

    private static func paragraphs(ofLinkedData articleBody: String) -> [String] {
        articleBody.split(separator: "\n").map { collapseWhiteSpace(String($0)) }.filter { !$0.isEmpty }
    }

    /// Why a page without text is rejected: what it holds instead.
    private static func noText(in document: HTMLElement) -> Rejection {
        var scripts = 0, links = 0, images = 0, frames = 0
        for element in document.descendants {
            switch element.name {
            case "script": scripts += 1
            case "a": links += 1
            case "img", "picture": images += 1
            case "iframe", "frame": frames += 1
            default: break
            }
        }
        let found = [(scripts, "script"), (links, "link"), (images, "image"), (frames, "frame")].filter { $0.0 > 0 }
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        let holds = found.isEmpty ? "nothing but markup" : found.joined(separator: ", ") + " and no text outside them"
        return Rejection(.noBody, "no article text in the HTML page: it holds \(holds)")
    }

    /// The paragraphs of an HTML fragment that is all story — a ninjs `body_html`, a feed
    /// entry's content — each with its white space collapsed.
    static func paragraphs(ofFragment html: String, limits: ParserLimits) throws(Rejection) -> [String] {
        let document = try HTMLTreeBuilder.parse(utf8: Array(html.utf8), limits: HTMLTreeBuilder.Limits(limits))
        return HTMLContentExtractor().paragraphs(ofFragment: document).map(collapseWhiteSpace).filter { !$0.isEmpty }
    }

    /// JSON-LD `articleBody` is taken instead of the markup's text when the markup's text
    /// misses a fifth or more of its words: some pages render the story with scripts, and
    /// the markup then holds only a teaser. Otherwise the markup wins, because it keeps the
    /// paragraphs (`articleBody` often runs them together) and `articleBody` is sometimes a
    /// summary.
    static func prefersLinkedDataBody(_ articleBody: String, over paragraphs: [String]) -> Bool {
        let expected = Set(TextNormalizer.words(TextNormalizer.normalize(articleBody)))
        guard expected.count >= 20 else { return false }
        let found = Set(TextNormalizer.words(TextNormalizer.normalize(paragraphs.joined(separator: " "))))
        return Double(expected.intersection(found).count) < 0.8 * Double(expected.count)
    }
}
