/// Decides how to parse a file from its content; the file name is only a hint.
///
/// Each format is recognised by what it must begin with, and confirmed by its parser:
/// markup is an HTML page when it opens with HTML (a doctype, a comment or a known HTML
/// element) and XML when it opens with an XML declaration or a news format's root
/// element; `{` followed by a key is JSON, `[` followed by a value is a JSON array.
/// Anything else — a wire story whose first line is `[UPDATE 2] Oil climbs` or
/// `<AP> Markets close` — is plain text: text is the last resort, never a rejection
/// because of a first byte.
enum DetectedFormat: Equatable {
    case json
    case jsonArray
    case html
    case xml
    /// Opens with an element no format is known by (`<group>`, `<AP>`): XML if it parses
    /// as well-formed XML, else text.
    case possibleXML
    case text

    /// Markup recognised from the raw bytes, before any decoding: an HTML page in a legacy
    /// charset is not valid UTF-8, and its charset is read from the page itself. Nil when
    /// the bytes do not open with markup in an ASCII-compatible encoding (UTF-16 pages
    /// are recognised after decoding, by ``detect(_:fileNameHint:)``).
    static func detectMarkup(_ bytes: [UInt8], fileNameHint: String?) -> DetectedFormat? {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[start]) { start += 1 }
        guard start + 1 < bytes.count, bytes[start] == UInt8(ascii: "<") else { return nil }
        let opening = bytes[start..<min(bytes.count, start + 1024)]
        // A NUL this early is UTF-16 without a byte-order mark, or not text at all.
        guard !opening.contains(0) else { return nil }
        return markup(opening: String(decoding: opening, as: UTF8.self), fileNameHint: fileNameHint)
    }

    /// The format of decoded text.
    static func detect(_ text: String, fileNameHint: String?) -> DetectedFormat {
        let content = text.unicodeScalars.drop(while: { $0.isWhiteSpace })
        guard let first = content.first else { return .text }
        let next = content.dropFirst().first(where: { !$0.isWhiteSpace })
        switch first {
        case "{" where next == "\"" || next == "}": return .json
        case "[" where next.map { "{[\"]-0123456789tfn".unicodeScalars.contains($0) } ?? false: return .jsonArray
        case "<":
            return markup(opening: Substring(content).leadingScalars(1024), fileNameHint: fileNameHint) ?? .text
        default:
            return .text
        }
    }

    /// Whether the first 64 KiB hold the tags every page has (`<html`, `<head`, `<body`).
    static func holdsHTMLStructure(_ bytes: [UInt8]) -> Bool {
        let lower = String(decoding: bytes.prefix(64 * 1024), as: UTF8.self).lowercased()
        return ["<html", "<head", "<body"].contains { lower.contains($0) }
    }

    /// Elements an HTML page opens with (after a doctype or comment, usually `html`).
    private static let htmlOpenings = [
        "html", "head", "body", "meta", "title", "link", "script", "style", "div", "p", "article", "section",
        "main", "header", "nav", "table", "h1", "h2", "h3", "span", "a", "br", "img", "center", "font", "b", "i",
        "ul", "ol", "form", "base", "noscript", "iframe", "pre", "blockquote",
    ]

    /// The first element's name after an XML prolog (declaration, processing instructions,
    /// comments, a doctype with its internal subset); nil when the opening does not reach it.
    private static func rootName(afterProlog text: String) -> String? {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[open...]
            if rest.hasPrefix("<?") {
                guard let end = rest.firstRange(of: "?>") else { return nil }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!--") {
                guard let end = rest.firstRange(of: "-->") else { return nil }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!") {
                // A doctype: its internal subset, in brackets, may hold `>`s.
                let subsetEnd = rest.firstIndex(of: "[").flatMap { bracket in
                    rest[bracket...].firstIndex(of: ">").map { _ in rest[bracket...].firstRange(of: "]")?.upperBound }
                } ?? nil
                guard let end = rest[(subsetEnd ?? rest.startIndex)...].firstIndex(of: ">") else { return nil }
                rest = rest[rest.index(after: end)...]
            } else {
                let name = rest.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" || $0 == "." || $0 == "_" }
                return String(name.split(separator: ":").last ?? name)
            }
        }
        return nil
    }

    private static func markup(opening: String, fileNameHint: String?) -> DetectedFormat? {
        let lower = opening.lowercased()
        let hint = fileNameHint?.lowercased() ?? ""
        let htmlHint = hint.hasSuffix(".html") || hint.hasSuffix(".htm") || hint.hasSuffix(".xhtml")
        if lower.hasPrefix("<?xml") {
            let root = rootName(afterProlog: lower)
            return root == "html" || root == nil && (lower.contains("<!doctype html") || htmlHint) ? .html : .xml
        }
        if lower.hasPrefix("<!doctype") {
            let kind = lower.dropFirst("<!doctype".count).drop(while: \.isWhitespace)
            return XMLArticleParser.rootNames.contains(where: { kind.hasPrefix($0) }) ? .xml : .html
        }
        if lower.hasPrefix("<!--") { return .html }
        let name = lower.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" || $0 == "." }
        let after = lower.dropFirst(1 + name.count).first
        guard after == nil || after == ">" || after == "/" || after!.isWhitespace else { return nil }
        if XMLArticleParser.rootNames.contains(String(name)) || XMLArticleParser.rootNames.contains(String(name.split(separator: ":").last ?? "")) {
            return .xml
        }
        if htmlOpenings.contains(String(name)) || htmlHint { return .html }
        return name.isEmpty ? nil : .possibleXML
    }
}
