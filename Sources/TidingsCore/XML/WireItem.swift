/// What a structured wire format (NewsML-G2, NITF, NewsML 1.2, ninjs, a feed) says of one
/// item, before it becomes an article.
///
/// Its body goes through the same text rules as plain wire copy (dateline, byline lines,
/// licence trailers), so the NewsML copy of a story and its plain-text copy get the same
/// body. An item whose content is empty is stored with its summary, or else its headline,
/// as its text: agencies send flashes — a headline and nothing else — as text items.
struct WireItem {
    var title: String?
    var byline: String?
    var dateline: String?
    var source: String?
    var published: String?
    var language: String?
    var url: String?
    var guid: String?
    var version: Int?
    var status: PublicationStatus?
    var paragraphs: [String] = []
    /// An abstract or description, the text when the content is empty.
    var summary: [String] = []

    /// This item with what `inner` — the markup that carries its body (NITF inside
    /// NewsML) — says where this one says nothing; the body is the inner one's.
    func filled(from inner: WireItem) -> WireItem {
        var item = self
        item.title = title ?? inner.title
        item.byline = byline ?? inner.byline
        item.dateline = dateline ?? inner.dateline
        item.paragraphs = inner.paragraphs
        if item.summary.isEmpty { item.summary = inner.summary }
        return item
    }

    /// `By Ana Lima` → `Ana Lima`, as bylines are stored from every format.
    static func withoutBy(_ byline: String) -> String {
        byline.lowercased().hasPrefix("by ") ? String(byline.dropFirst(3)).trimmingWhiteSpace() : byline
    }

    /// Fewer words than this, and no headline: a placeholder, not a story.
    static let minimumWordsWithoutHeadline = 5

    /// The article, or why the item is none. `what` names the item for the reason
    /// ("a NewsML-G2 text item").
    func article(format: ArticleFormat, raw: [UInt8], rules: [BoilerplateRule], what: String) throws(Rejection) -> ParsedArticle {
        let parser = WireCopyParser(rules: rules, maxLineBytes: .max)
        var body = parser.extract(from: paragraphs.joined(separator: "\n\n"), detectHeadline: false)
        if body.paragraphs.isEmpty { body = parser.extract(from: summary.joined(separator: "\n\n"), detectHeadline: false) }
        if body.paragraphs.isEmpty, let title { body.paragraphs = [title] }
        guard !body.paragraphs.isEmpty else {
            throw Rejection(.noBody, "no article text: \(what) with no headline and no content")
        }
        if title == nil {
            let words = TextNormalizer.words(TextNormalizer.normalize(body.paragraphs.joined(separator: " "))).count
            if words < Self.minimumWordsWithoutHeadline {
                throw Rejection(.noBody, "no article text: \(what) with no headline and \(words) word\(words == 1 ? "" : "s") of content (a placeholder)")
            }
        }
        var article = ParsedArticle(
            title: title, source: source ?? body.source, dateline: dateline ?? body.dateline,
            byline: (byline.map(Self.withoutBy) ?? body.byline)?.nonEmpty,
            published: published, language: language, url: url, format: format, paragraphs: body.paragraphs, raw: raw)
        article.guid = guid
        article.version = version
        article.status = status == .usable ? nil : status
        return article
    }
}
