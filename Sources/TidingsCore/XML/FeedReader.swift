/// Reads Atom (RFC 4287), RSS 0.9x/1.0/2.0 and WordPress export (WXR) files: one article
/// per entry, item or post.
///
/// Per entry: the title; the full content (`content`, `content:encoded`) else the summary
/// (`summary`, `description`), read as HTML when it is HTML; the author (`author/name`,
/// `dc:creator`); published (`published`, `pubDate`, `dc:date`, `wp:post_date_gmt`, else
/// `updated`); the link; the entry's `id`/`guid` as its identity (a feed redelivered with a
/// changed entry updates the stored one). WXR attachments, menu entries and other
/// non-posts, and entries with no text, are rejected item by item.
struct FeedReader {
    var rules: [BoilerplateRule]
    var limits: ParserLimits

    static func reads(_ root: HTMLElement) -> Bool { root.name == "feed" || root.name == "rss" || root.name == "rdf" }

    func read(_ root: HTMLElement, raw: [UInt8]) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        let channel = root.child("channel")
        let isWXR = channel?.child("wxr_version") != nil
        let entries: [HTMLElement]
        let format: ArticleFormat
        let what: String
        switch root.name {
        case "feed": (entries, format, what) = (root.children("entry"), .atom, "an Atom entry")
        case "rdf": (entries, format, what) = (root.children("item"), .rss, "an RSS item")
        default: (entries, format, what) = (channel?.children("item") ?? [], isWXR ? .wxr : .rss, isWXR ? "a WordPress post" : "an RSS item")
        }
        guard !entries.isEmpty else {
            throw Rejection(.noBody, "no article: \(format == .atom ? "an Atom feed" : isWXR ? "a WordPress export" : "an RSS feed") with no entries")
        }
        let feedLanguage = root["lang"] ?? channel?.child("language")?.collapsedText
        let feedSource = (root.name == "feed" ? root.child("title") : channel?.child("title"))?.collapsedText
        let feedLink = channel?.child("link")?.collapsedText ?? root.children("link").first { $0["rel"] == nil || $0["rel"] == "alternate" }?["href"]
        return entries.map { entry in
            Result { () throws(Rejection) in
                if isWXR, let type = entry.child("post_type")?.collapsedText, type != "post", type != "page" {
                    throw Rejection(.unsupportedFormat, "not an article: a WordPress \(type) (post_type \(type))")
                }
                var item = WireItem()
                item.title = entry.child("title").flatMap(text(of:))
                item.byline = entry.child("author").map { $0.child("name")?.collapsedText ?? $0.collapsedText ?? "" }?.nonEmpty
                    ?? entry.child("creator")?.collapsedText
                item.published = entry.child("published")?.collapsedText ?? entry.child("pubdate")?.collapsedText
                    ?? entry.child("date")?.collapsedText ?? entry.child("post_date_gmt")?.collapsedText
                    ?? entry.child("updated")?.collapsedText
                item.url = entry.children("link").first { $0["rel"] == nil || $0["rel"] == "alternate" }.flatMap { $0["href"] ?? $0.collapsedText }
                item.language = entry["lang"] ?? feedLanguage
                item.source = feedSource
                let id = entry.child("id")?.collapsedText ?? entry.child("guid")?.collapsedText ?? entry.child("post_id")?.collapsedText
                item.guid = id.map { Self.scoped($0, feed: feedLink) }
                if isWXR, let status = entry.child("status")?.collapsedText, status == "trash" {
                    item.status = .canceled
                }
                let content = [entry.child("content"), entry.child("encoded")].compactMap { $0 }.first { $0.collapsedText != nil }
                item.paragraphs = try content.map(paragraphs(of:)) ?? []
                let summary = [entry.child("summary"), entry.child("description")].compactMap { $0 }.first { $0.collapsedText != nil }
                item.summary = try summary.map(paragraphs(of:)) ?? []
                if item.paragraphs.isEmpty, item.summary.isEmpty {
                    throw Rejection(.noBody, "no article text: \(what) with no content or summary\(item.title.map { " (\($0.debugDescription))" } ?? "")")
                }
                return try item.article(format: format, raw: raw, rules: rules, what: what)
            }
        }
    }

    /// An entry's text: Atom `type="xhtml"` is markup in the document; `type="html"`, RSS
    /// descriptions and `content:encoded` are HTML escaped as text; `type="text"` is text.
    private func paragraphs(of element: HTMLElement) throws(Rejection) -> [String] {
        if element["type"] == "xhtml" { return XMLStoryText.paragraphs(of: element) }
        if element["type"] == "text" { return XMLStoryText.paragraphs(ofPlainText: element.text) }
        let text = element.text
        guard text.contains("<") else { return XMLStoryText.paragraphs(ofPlainText: text) }
        return try HTMLArticleParser.paragraphs(ofFragment: text, limits: limits)
    }

    private func text(of element: HTMLElement) -> String? {
        guard element["type"] == "html", element.text.contains("<") || element.text.contains("&") else { return element.collapsedText }
        return collapseWhiteSpace(HTMLEntities.decode(element.text.replacing(/<[^>]*>/, with: ""))).nonEmpty
    }

    /// An RSS `guid` is often a bare number, unique only in its feed: it is scoped by the
    /// feed's address. URLs, URNs and tag URIs are unique already.
    private static func scoped(_ id: String, feed: String?) -> String {
        if id.contains(":") { return id }
        return "\(feed ?? "feed")#\(id)"
    }
}
