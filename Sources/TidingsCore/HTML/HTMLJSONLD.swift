import Foundation

/// The schema.org article a page describes in `<script type="application/ld+json">`,
/// when it describes one (`NewsArticle`, `Article`, `BlogPosting` and their kin).
///
/// Publishers put it in an object, an array, or an `@graph`, and refer from one node to
/// another by `@id`; all three shapes are read. Scripts that are not valid JSON are skipped:
/// the page's markup still tells the rest.
struct HTMLJSONLD {
    var headline: String?
    /// `name`, which some sites give the article's title and others their own name.
    var name: String?
    var authors: [String] = []
    var publisher: String?
    var datePublished: String?
    var language: String?
    var url: String?
    var articleBody: String?

    static let articleTypes: Set<String> = [
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting",
        "LiveBlogPosting", "SocialMediaPosting", "Report", "ScholarlyArticle", "TechArticle",
    ]

    /// The first article described by any of `scripts` (their text), or nil.
    init?(scripts: [String]) {
        var nodes: [[String: Any]] = []
        for script in scripts {
            guard let json = Self.jsonText(script),
                  let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else { continue }
            Self.collectNodes(value, into: &nodes, depth: 0)
        }
        var byID: [String: [String: Any]] = [:]
        for node in nodes { if let id = node["@id"] as? String, byID[id] == nil { byID[id] = node } }
        guard let article = nodes.first(where: { Self.types(of: $0).contains(where: Self.articleTypes.contains) }) else { return nil }
        func resolve(_ value: Any?) -> Any? {
            if let node = value as? [String: Any], node.count == 1, let id = node["@id"] as? String { return byID[id] ?? node }
            return value
        }
        headline = Self.text(article["headline"])
        name = Self.text(article["name"])
        authors = Self.names(resolve(article["author"]), resolve: resolve)
        publisher = Self.names(resolve(article["publisher"]), resolve: resolve).first
        datePublished = Self.text(article["datePublished"]) ?? Self.text(article["dateCreated"])
        if let language = resolve(article["inLanguage"]) {
            self.language = Self.text(language) ?? Self.text((language as? [String: Any])?["alternateName"])
        }
        url = Self.text(article["url"]) ?? Self.text(article["mainEntityOfPage"])
            ?? Self.text((article["mainEntityOfPage"] as? [String: Any])?["@id"])
        // Its line breaks are the only paragraph marks it has: not collapsed.
        articleBody = (article["articleBody"] as? String).flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
    }

    /// The JSON inside a script, without the comment and CDATA wrappers some CMSs add
    /// (`/*<![CDATA[*/ … /*]]>*/`, `<!-- … -->`).
    static func jsonText(_ script: String) -> String? {
        var text = Substring(script)
        let openers = ["/*<![CDATA[*/", "//<![CDATA[", "<![CDATA[", "<!--"]
        let closers = ["/*]]>*/", "//]]>", "]]>", "-->"]
        var changed = true
        while changed {
            changed = false
            text = text.drop { $0.isWhitespace }
            while text.last?.isWhitespace == true { text = text.dropLast() }
            for opener in openers where text.hasPrefix(opener) { text = text.dropFirst(opener.count); changed = true }
            for closer in closers where text.hasSuffix(closer) { text = text.dropLast(closer.count); changed = true }
        }
        guard let first = text.first, first == "{" || first == "[" else { return nil }
        return String(text)
    }

    /// Every object in `value` that has an `@type`, through arrays and `@graph`, not deeper than 8 levels.
    private static func collectNodes(_ value: Any, into nodes: inout [[String: Any]], depth: Int) {
        guard depth < 8 else { return }
        if let array = value as? [Any] {
            for item in array { collectNodes(item, into: &nodes, depth: depth + 1) }
        } else if let object = value as? [String: Any] {
            if object["@type"] != nil { nodes.append(object) }
            if let graph = object["@graph"] { collectNodes(graph, into: &nodes, depth: depth + 1) }
            if let main = object["mainEntity"] { collectNodes(main, into: &nodes, depth: depth + 1) }
        }
    }

    private static func types(of node: [String: Any]) -> [String] {
        if let type = node["@type"] as? String { return [type] }
        return (node["@type"] as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// A non-empty string, white space collapsed.
    private static func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        let collapsed = collapseWhiteSpace(string)
        return collapsed.isEmpty ? nil : collapsed
    }

    /// Names of a person or organisation, or a list of them: `"A"`, `{"name": "A"}`, `[…]`.
    private static func names(_ value: Any?, resolve: (Any?) -> Any?) -> [String] {
        if let name = text(value) { return [name] }
        if let object = value as? [String: Any] { return text(object["name"]).map { [$0] } ?? [] }
        if let array = value as? [Any] { return array.flatMap { names(resolve($0), resolve: { $0 }) } }
        return []
    }
}
