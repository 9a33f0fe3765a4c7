import Foundation

/// Parses a JSON article: IPTC ninjs (1.x and 2.x field names) or a flat object.
///
/// ninjs is recognised by its own keys (`headlines`, `bodies`, `body_text`, `versioncreated`,
/// `located`, …); any other object is read as flat (`title`, `body` or `text`, `source`,
/// `url`, `published`, `author`). The body text then goes through the same boilerplate
/// rules as wire copy, so a dateline or a licence footer inside it is handled alike.
struct JSONArticleParser {
    var limits: ParserLimits
    var rules: [BoilerplateRule] = BoilerplateRule.standard

    private static let ninjsKeys: Set<String> = [
        "headlines", "headline", "bodies", "body_text", "body_html", "versioncreated", "firstcreated", "located", "uri",
    ]

    func parse(_ text: String, raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        try JSONShapeCheck.check(text, maxDepth: limits.maxJSONDepth)
        let object: [String: Any]
        do {
            let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
            guard let dictionary = value as? [String: Any] else {
                throw Rejection(.unsupportedFormat, "unsupported format: JSON that is not an object")
            }
            object = dictionary
        } catch let rejection as Rejection {
            throw rejection
        } catch {
            throw Rejection(.invalidJSON, "invalid JSON (\(Self.describe(error)))")
        }
        let isNinjs = !Self.ninjsKeys.isDisjoint(with: object.keys) && object["title"] == nil
        return isNinjs ? try ninjs(object, raw: raw) : try flat(object, raw: raw)
    }

    private func ninjs(_ object: [String: Any], raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        let headline = Self.preferred(object["headlines"], role: "main") ?? Self.string(object["headline"])
        var body = Self.preferredBody(object["bodies"]) ?? Self.string(object["body_text"])
        if body == nil, let html = Self.preferredBody(object["bodies"], type: "text/html") ?? Self.string(object["body_html"]) {
            body = try HTMLArticleParser.text(ofFragment: html, limits: limits)
        }
        var article = try article(body: body ?? "", format: .ninjs, raw: raw)
        article.title = headline ?? article.title
        article.dateline = Self.string(object["located"]) ?? article.dateline
        article.byline = Self.string(object["by"]) ?? article.byline
        article.published = Self.string(object["versioncreated"]) ?? Self.string(object["firstcreated"])
        article.url = Self.string(object["uri"])
        article.language = Self.string(object["language"])
        article.source = Self.string(object["copyrightholder"]) ?? article.source
        return article
    }

    private func flat(_ object: [String: Any], raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        var article = try article(body: Self.string(object["body"]) ?? Self.string(object["text"]) ?? "", format: .json, raw: raw)
        article.title = Self.string(object["title"]) ?? article.title
        article.source = Self.name(object["source"]) ?? article.source
        article.url = Self.string(object["url"])
        article.published = Self.string(object["published"])
        article.byline = Self.names(object["author"]) ?? article.byline
        article.language = Self.string(object["language"])
        return article
    }

    private func article(body: String, format: ArticleFormat, raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        // A JSON body may be one long line; only the number of lines is bounded.
        let parser = WireCopyParser(rules: rules, maxLineBytes: .max)
        try parser.checkLines(body)
        let extraction = parser.extract(from: body, detectHeadline: false)
        guard !extraction.paragraphs.isEmpty else {
            throw Rejection(.noBody, "no article text (no non-empty `body`, `text`, `body_text` or plain-text `bodies` entry)")
        }
        return ParsedArticle(
            source: extraction.source, dateline: extraction.dateline, byline: extraction.byline,
            format: format, paragraphs: extraction.paragraphs, raw: raw)
    }

    // MARK: Field access

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingWhiteSpace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A name given as a string or as an object with a `name`.
    private static func name(_ value: Any?) -> String? {
        string(value) ?? string((value as? [String: Any])?["name"])
    }

    /// One or several names, joined with ", ".
    private static func names(_ value: Any?) -> String? {
        if let list = value as? [Any] {
            let all = list.compactMap(name)
            return all.isEmpty ? nil : all.joined(separator: ", ")
        }
        return name(value)
    }

    /// ninjs 2 `headlines`: the entry with the given role, else the first.
    private static func preferred(_ value: Any?, role: String) -> String? {
        guard let entries = value as? [[String: Any]] else { return nil }
        let chosen = entries.first { string($0["role"]) == role } ?? entries.first
        return string(chosen?["value"])
    }

    /// ninjs 2 `bodies`: the plain-text entry (no content type counts as plain text).
    /// The value of the first of `bodies` with the content type (plain text when unnamed).
    private static func preferredBody(_ value: Any?, type wanted: String = "text/plain") -> String? {
        guard let entries = value as? [[String: Any]] else { return nil }
        let entry = entries.first {
            let type = string($0["contenttype"])?.lowercased()
            return type == wanted || (type == nil && wanted == "text/plain")
        }
        return string(entry?["value"])
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
