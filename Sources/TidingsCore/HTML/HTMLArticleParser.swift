/// Reads the article out of a whole web page, as scrapers save it.
///
/// Decoding follows the page's character set (``HTMLCharset``); libxml2's HTML parser
/// builds the element tree within limits (``HTMLTreeBuilder``); the metadata comes from
/// `<meta>` tags, JSON-LD and markup (``HTMLMetadata``) and the body from content scoring
/// (``HTMLContentExtractor``). The body then goes through the same text rules as wire
/// copy — dateline, boilerplate lines, trailers — so that a page and a plain-text copy of
/// the same story end up with the same body.
struct HTMLArticleParser {
    var rules: [BoilerplateRule]
    var limits: ParserLimits

    /// Parses a page from its bytes as read (any charset).
    func parse(_ bytes: [UInt8]) throws(Rejection) -> ParsedArticle {
        try parse(utf8: HTMLCharset.decode(bytes).utf8, raw: bytes)
    }

    /// Parses a page already decoded to UTF-8; `raw` is what is stored.
    func parse(utf8: [UInt8], raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        let document = try HTMLTreeBuilder.parse(utf8: utf8, limits: HTMLTreeBuilder.Limits(limits))
        let metadata = HTMLMetadata(document: document)
        var paragraphs = HTMLContentExtractor().paragraphs(of: document)
        paragraphs = Self.trimmingEdges(Self.withoutRepeats(paragraphs.filter { !Self.echoesMetadata($0, metadata) }))
        if let articleBody = metadata.articleBody, Self.prefersLinkedDataBody(articleBody, over: paragraphs) {
            paragraphs = articleBody.split(separator: "\n").map { collapseWhiteSpace(String($0)) }.filter { !$0.isEmpty }
        }
        let body = WireCopyParser(rules: rules, maxLineBytes: limits.maxLineBytes)
            .extract(from: paragraphs.joined(separator: "\n\n"), detectHeadline: false)
        guard !body.paragraphs.isEmpty else {
            throw Rejection(.noBody, "no article text in the HTML page (only markup, scripts, links or boilerplate)")
        }
        return ParsedArticle(
            title: metadata.title, source: metadata.source ?? body.source, dateline: body.dateline,
            byline: metadata.byline ?? body.byline, published: metadata.published, language: metadata.language,
            url: metadata.url, format: .html, paragraphs: body.paragraphs, raw: raw)
    }

    /// The text of an HTML fragment that is all story — a feed's `body_html` — as
    /// paragraphs separated by blank lines; nil when it has no text.
    static func text(ofFragment html: String, limits: ParserLimits) throws(Rejection) -> String? {
        let document = try HTMLTreeBuilder.parse(utf8: Array(html.utf8), limits: HTMLTreeBuilder.Limits(limits))
        let paragraphs = HTMLContentExtractor().paragraphs(ofFragment: document)
        return paragraphs.isEmpty ? nil : paragraphs.joined(separator: "\n\n")
    }

    /// Whether a paragraph only repeats the page's metadata: the title, or a short line
    /// with the byline or the publication time ("Ana Lima · 12 March 2026").
    static func echoesMetadata(_ paragraph: String, _ metadata: HTMLMetadata) -> Bool {
        if paragraph == metadata.title || paragraph == metadata.mainHeading { return true }
        var spaces = 0
        let isShort = !paragraph.utf8.contains { byte in
            if byte == 0x20 { spaces += 1 }
            return spaces >= 12
        }
        return isShort && [metadata.byline, metadata.published].contains { $0.map { !$0.isEmpty && paragraph.contains($0) } ?? false }
    }

    /// Without paragraphs whose words all appear again, in order, in a longer one: pull
    /// quotes and teasers repeat the story's own sentences. Only sentences count (eight
    /// words or more): a short line such as a team's name in a table may well repeat.
    ///
    /// Linear in the page: every run of eight words of every paragraph is indexed by a
    /// rolling hash, a paragraph is compared only where a longer one holds its first eight
    /// words, and the candidates and comparisons together may cost at most
    /// ``repeatCheckWork`` steps per word of the page — a page built of one word repeated (where every run matches
    /// everywhere) stops being checked rather than taking quadratic time.
    static func withoutRepeats(_ paragraphs: [String]) -> [String] {
        let words = paragraphs.map { TextNormalizer.words(TextNormalizer.normalize($0)).map(StableHash.word) }
        let width = 8
        var starts: [UInt64: [(paragraph: Int, offset: Int)]] = [:]
        for (index, hashes) in words.enumerated() where hashes.count > width {
            var window = RollingWordHash(width: width)
            for (offset, hash) in hashes.enumerated() {
                guard let key = window.push(hash) else { continue }
                starts[key, default: []].append((index, offset - width + 1))
            }
        }
        var work = repeatCheckWork * words.reduce(0) { $0 + $1.count } + 1_000
        func repeatsALongerOne(_ index: Int) -> Bool {
            let short = words[index]
            guard short.count >= width else { return false }
            var window = RollingWordHash(width: width)
            var key: UInt64?
            for hash in short.prefix(width) { key = window.push(hash) }
            for (other, offset) in starts[key!] ?? [] {
                work -= 1
                if work < 0 { return false }
                guard words[other].count > short.count, offset + short.count <= words[other].count else { continue }
                work -= short.count
                if words[other][offset..<(offset + short.count)].elementsEqual(short) { return true }
            }
            return false
        }
        return paragraphs.indices.filter { !repeatsALongerOne($0) }.map { paragraphs[$0] }
    }

    /// How many words the repeat check may compare per word of the page.
    static let repeatCheckWork = 16

    /// Without the page furniture that sits right before or after the story in the same
    /// container — "6 min read", a date, "Top stories", a like count: short lines (fewer
    /// than five words) that do not end a sentence. Inside the story such lines are
    /// subheadings and stay.
    static func trimmingEdges(_ paragraphs: [String]) -> [String] {
        func isFurniture(_ paragraph: String) -> Bool {
            guard let last = paragraph.unicodeScalars.last, !sentenceEnds.contains(last) else { return false }
            return TextNormalizer.words(TextNormalizer.normalize(paragraph)).count < 5
        }
        var kept = paragraphs[...]
        while let first = kept.first, isFurniture(first) { kept = kept.dropFirst() }
        while let last = kept.last, isFurniture(last) { kept = kept.dropLast() }
        return Array(kept)
    }

    static let sentenceEnds: Set<Unicode.Scalar> = [".", "!", "?", "…", "\"", "”", "»", "’", "'", ")", "。", "！", "？", "」", "؟", "۔", "।"]

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
