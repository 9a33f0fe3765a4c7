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
        "headlines", "headline", "bodies", "body_text", "body_html", "body_xhtml", "versioncreated", "firstcreated", "located",
        "uri", "pubstatus", "descriptions", "description_text",
    ]

    func parse(_ text: String, raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        guard let object = try value(of: text) as? [String: Any] else {
            throw Rejection(.unsupportedFormat, "unsupported format: JSON that is not an object")
        }
        return try article(from: object, raw: raw)
    }

    /// A JSON array of article objects (a ninjs list, an export): one item each.
    func parseArray(_ text: String, raw: [UInt8]) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        guard let array = try value(of: text) as? [Any] else {
            throw Rejection(.unsupportedFormat, "unsupported format: JSON that is not an array")
        }
        guard !array.isEmpty else { throw Rejection(.noBody, "no article: an empty JSON array") }
        return array.enumerated().map { index, element in
            Result { () throws(Rejection) in
                guard let object = element as? [String: Any] else {
                    throw Rejection(.unsupportedFormat, "unsupported format: element \(index + 1) of the JSON array is not an object")
                }
                return try article(from: object, raw: raw)
            }
        }
    }

    private func value(of text: String) throws(Rejection) -> Any {
        try JSONShapeCheck.check(text, maxDepth: limits.maxJSONDepth)
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            throw Rejection(.invalidJSON, "invalid JSON (\(Self.describe(error)))")
        }
    }

    private func article(from object: [String: Any], raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        let hasNinjsBody = object["headlines"] != nil || object["bodies"] != nil || object["body_text"] != nil
            || object["body_html"] != nil || object["body_xhtml"] != nil || object["versioncreated"] != nil
        let isNinjs = !Self.ninjsKeys.isDisjoint(with: object.keys) && (object["title"] == nil || hasNinjsBody)
        return isNinjs ? try ninjs(object, raw: raw) : try flat(object, raw: raw)
    }

    /// ninjs 1.x (`headline`, `body_text`, `body_html`, `body_xhtml`, `byline`,
    /// `description_text`) and 2.x (`headlines`, `bodies`, `descriptions`, `by`,
    /// `infosources`): identity from `uri` and `version`, status from `pubstatus`; an item
    /// whose `type` is not text (a picture, a video, …) is not an article.
    private func ninjs(_ object: [String: Any], raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        if let type = Self.string(object["type"])?.lowercased(), type != "text" {
            throw Rejection(.unsupportedFormat, "not an article: a ninjs \(type) item (type \"\(type)\")")
        }
        var item = WireItem()
        item.title = Self.preferred(object["headlines"], role: "main") ?? Self.string(object["headline"])
        if let text = Self.preferredBody(object["bodies"]) ?? Self.string(object["body_text"]) {
            item.paragraphs = XMLStoryText.paragraphs(ofPlainText: text)
        } else if let html = Self.preferredBody(object["bodies"], type: "text/html") ?? Self.string(object["body_html"])
                    ?? Self.preferredBody(object["bodies"], type: "application/xhtml+xml") ?? Self.string(object["body_xhtml"]) {
            item.paragraphs = try HTMLArticleParser.paragraphs(ofFragment: html, limits: limits)
        }
        let description = Self.preferredBody(object["descriptions"]) ?? Self.string(object["description_text"])
        item.summary = description.map(XMLStoryText.paragraphs(ofPlainText:)) ?? []
        item.dateline = Self.string(object["located"])
        item.byline = Self.string(object["by"]) ?? Self.string(object["byline"]) ?? Self.bylines(object["bylines"])
        item.published = Self.string(object["firstcreated"]) ?? Self.string(object["versioncreated"])
        item.url = Self.string(object["uri"]).flatMap { $0.hasPrefix("http") ? $0 : nil }
        item.guid = Self.string(object["uri"]) ?? Self.string(object["guid"])
        item.version = Self.string(object["version"]).flatMap { Int($0) } ?? (object["version"] as? Int)
        item.status = Self.string(object["pubstatus"]).flatMap(PublicationStatus.init(code:))
        item.language = Self.string(object["language"])
        item.source = Self.string(object["copyrightholder"]) ?? Self.names(object["infosources"])
        return try item.article(format: .ninjs, raw: raw, rules: rules, what: "a ninjs item")
    }

    /// ninjs `bylines`: strings, or objects with a `byline` or `name`.
    private static func bylines(_ value: Any?) -> String? {
        guard let list = value as? [Any] else { return nil }
        let all = list.compactMap { string($0) ?? string(($0 as? [String: Any])?["byline"]) ?? name($0) }
        return all.isEmpty ? nil : all.joined(separator: ", ")
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
