import Foundation

/// The descriptive fields of a page — title, source, byline, publication time, language,
/// canonical URL — from its `<meta>` tags (Open Graph, article:, Dublin Core, name=),
/// its schema.org JSON-LD, and its markup, in that order of trust for each field.
struct HTMLMetadata {
    var title: String?
    var source: String?
    var byline: String?
    var published: String?
    var language: String?
    var url: String?
    /// JSON-LD `articleBody`, when the page has one.
    var articleBody: String?

    init(document: HTMLElement) {
        var meta: [String: String] = [:]
        var canonical: String?
        var titleElement: String?
        var scripts: [String] = []
        var htmlLanguage: String?
        var timeElement: String?
        var bylineMarkup: String?
        var headings: [HTMLElement] = []
        var titleValues = HTMLTitle.MetaValues()
        for element in document.descendants {
            switch element.name {
            case "meta":
                guard let content = element["content"].map(collapseWhiteSpace), !content.isEmpty else { continue }
                titleValues.add(property: element["property"], name: element["name"], content: element["content"] ?? "")
                guard let key = (element["property"] ?? element["name"] ?? element["itemprop"] ?? element["http-equiv"])?.lowercased()
                else { continue }
                if meta[key] == nil { meta[key] = content }
            case "link":
                let relations = (element["rel"] ?? "").lowercased().split(separator: " ")
                if relations.contains("canonical"), canonical == nil, let href = element["href"], !href.isEmpty { canonical = href }
            case "title":
                if titleElement == nil { titleElement = collapseWhiteSpace(element.text) }
            case "script":
                if (element["type"] ?? "").lowercased().contains("ld+json") { scripts.append(element.text) }
            case "html":
                if htmlLanguage == nil, let language = element["lang"] ?? element["xml:lang"], !language.isEmpty { htmlLanguage = language }
            case "h1", "h2", "h3":
                headings.append(element)
            case "time":
                if timeElement == nil, let time = element["datetime"], !time.isEmpty { timeElement = time }
            default:
                if bylineMarkup == nil, Self.isBylineMarkup(element) {
                    let text = collapseWhiteSpace(element.text)
                    if !text.isEmpty && text.count <= 120 { bylineMarkup = text }
                }
            }
        }
        let linkedData = HTMLJSONLD(scripts: scripts)

        source = meta["og:site_name"] ?? linkedData?.publisher ?? meta["application-name"] ?? meta["publisher"]
        let headingTexts = headings.map { collapseWhiteSpace($0.text) }.filter { !$0.isEmpty }
        title = HTMLTitle.choose(
            linkedData: linkedData, meta: titleValues, documentTitle: titleElement,
            headings: headings.filter { $0.name == "h1" || $0.name == "h2" }.map(\.text),
            firstLevelHeadings: headings.filter { $0.name == "h1" }.map { collapseWhiteSpace($0.text) },
            pageHeadings: headingTexts)
        let authors = [meta["author"], meta["article:author"], meta["byl"], meta["dc.creator"], meta["sailthru.author"]]
            .compactMap { $0 }.filter { !Self.isURL($0) }
        byline = authors.first ?? (linkedData?.authors.isEmpty == false ? linkedData!.authors.joined(separator: ", ") : nil)
            ?? bylineMarkup.map(Self.withoutBy)
        published = meta["article:published_time"] ?? linkedData?.datePublished ?? meta["og:article:published_time"]
            ?? meta["datepublished"] ?? meta["pubdate"] ?? meta["publish-date"] ?? meta["date"] ?? meta["dc.date.issued"]
            ?? meta["dc.date"] ?? timeElement
        language = (htmlLanguage ?? meta["og:locale"] ?? meta["content-language"] ?? meta["language"] ?? linkedData?.language)
            .map { $0.replacingOccurrences(of: "_", with: "-") }
        url = canonical ?? meta["og:url"] ?? linkedData?.url
        articleBody = linkedData?.articleBody
    }

    static let titleSeparators = [" | ", " – ", " — ", " - ", " · ", " :: ", " » ", " / "]

    /// `<title>` without the site's name after (or before) a separator: "Storm hits coast | The Daily".
    static func withoutSuffix(_ title: String?) -> String? {
        guard let title, !title.isEmpty else { return nil }
        for separator in titleSeparators {
            let parts = title.components(separatedBy: separator)
            guard parts.count >= 2 else { continue }
            // The longest part is the headline; a site's name is short.
            let longest = parts.max { $0.count < $1.count }!
            if longest.split(separator: " ").count >= 3 { return longest.trimmingWhiteSpace() }
        }
        return title
    }

    /// A title without the site's name, when the title repeats it at the start or end.
    static func withoutSiteName(_ title: String?, site: String?) -> String? {
        guard var title, let site, !site.isEmpty else { return title }
        for separator in titleSeparators {
            if title.hasSuffix(separator + site) { title = String(title.dropLast(separator.count + site.count)) }
            if title.hasPrefix(site + separator) { title = String(title.dropFirst(separator.count + site.count)) }
        }
        return title
    }

    private static func isBylineMarkup(_ element: HTMLElement) -> Bool {
        if element["rel"] == "author" || element["itemprop"] == "author" { return true }
        let names = ((element["class"] ?? "") + " " + (element["id"] ?? "")).lowercased()
        return names.split(separator: " ").contains { $0 == "byline" || $0.hasSuffix("-byline") || $0.hasSuffix("__byline") || $0 == "author-name" }
    }

    /// "By Jane Doe" → "Jane Doe".
    static func withoutBy(_ text: String) -> String {
        for prefix in ["By ", "by ", "BY ", "Von ", "Par ", "Por ", "Di ", "Door "] where text.hasPrefix(prefix) {
            return String(text.dropFirst(prefix.count))
        }
        return text
    }

    private static func isURL(_ text: String) -> Bool { text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("/") }
}
