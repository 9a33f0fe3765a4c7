/// The one entry point from bytes to articles: recognise the format, confirm it by
/// parsing, parse.
///
/// A file holds one article, or several (a NewsML-G2 news message, a feed, a WordPress
/// export, a JSON array): ``parseItems(_:fileName:)`` returns each item in order, an
/// article or why that item is none. Every way a file can fail comes back as a
/// ``Rejection`` with a reason; nothing here traps or loses input.
package struct ArticleParser: Sendable {
    package var limits: ParserLimits
    package var rules: [BoilerplateRule]
    /// A format to try before detecting one: an inbox whose feed is known to be, say, plain
    /// wire copy that may open with `<AP>` or `{Corrected}`. When the file does not parse
    /// as it, the format is detected as usual.
    package var preferred: ArticleFormat?

    package init(limits: ParserLimits = ParserLimits(), rules: [BoilerplateRule] = BoilerplateRule.standard, preferring preferred: ArticleFormat? = nil) {
        self.limits = limits
        self.rules = rules
        self.preferred = preferred
    }

    /// The articles of one file, each item's result in order. Throws when the file as a
    /// whole is no article: unreadable as any format, or none of its items an article.
    /// `fileName` is only a hint for markup detection.
    package func parseItems(_ bytes: [UInt8], fileName: String? = nil) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        let items = try allItems(bytes, fileName: fileName)
        guard items.contains(where: { if case .success = $0 { true } else { false } }) else {
            throw Self.noArticle(among: items)
        }
        return items
    }

    /// The file's first article (for the formats that hold one, its only one).
    package func parse(_ bytes: [UInt8], fileName: String? = nil) throws(Rejection) -> ParsedArticle {
        for case .success(let article) in try parseItems(bytes, fileName: fileName) { return article }
        throw Rejection(.noBody, "no article")
    }

    private func allItems(_ bytes: [UInt8], fileName: String?) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        if bytes.count > limits.maxFileBytes {
            throw Rejection(.tooLarge, "too large (\(bytes.count) bytes; the limit is \(limits.maxFileBytes))")
        }
        if bytes.isEmpty { throw Rejection(.empty, "empty file") }
        if let preferred, let items = try? items(of: bytes, as: preferred),
           items.contains(where: { if case .success = $0 { true } else { false } }) {
            return items
        }
        let html = HTMLArticleParser(rules: rules, limits: limits)
        if ANPAParser.recognises(bytes) { return [.success(try ANPAParser(rules: rules).parse(bytes))] }
        switch DetectedFormat.detectMarkup(bytes, fileNameHint: fileName) {
        case .html?: return [.success(try html.parse(bytes))]
        case .xml?: return try XMLArticleParser(rules: rules, limits: limits).parse(bytes)
        case .possibleXML?:
            let document = try XMLTreeBuilder.parse(bytes, limits: HTMLTreeBuilder.Limits(limits))
            if document.error == nil, document.root != nil {
                return try XMLArticleParser(rules: rules, limits: limits).parse(document, raw: bytes)
            }
            // A page that opens with a tag of its own (`<amp-state>`, `<noindex>`) is HTML still.
            if DetectedFormat.holdsHTMLStructure(bytes) { return [.success(try html.parse(bytes))] }
        default: break
        }
        if EmailParser.recognises(bytes) { return [.success(try EmailParser(rules: rules, limits: limits).parse(bytes))] }
        let text = try TextDecoding.decode(bytes, invalidUTF8: limits.invalidUTF8)
        switch DetectedFormat.detect(text, fileNameHint: fileName) {
        case .json:
            return [.success(try JSONArticleParser(limits: limits, rules: rules).parse(text, raw: bytes))]
        case .jsonArray:
            return try JSONArticleParser(limits: limits, rules: rules).parseArray(text, raw: bytes)
        case .html:
            // A UTF-16 page: decoded by its byte-order mark.
            return [.success(try html.parse(utf8: Array(text.utf8), raw: bytes))]
        case .xml:
            return try XMLArticleParser(rules: rules, limits: limits).parse(Array(text.utf8))
                .map { $0.map { article in var article = article; article.raw = bytes; return article } }
        case .text, .possibleXML:
            // (Well-formed XML in an ASCII-compatible encoding was read above.)
            return [.success(try WireCopyParser(rules: rules, maxLineBytes: limits.maxLineBytes).parse(text, raw: bytes))]
        }
    }

    /// The file parsed as `format`, without detection. The lenient parsers (a page, an
    /// e-mail, ANPA framing) take any bytes, so those must still look like their format;
    /// text takes any text, which is the point of preferring it.
    private func items(of bytes: [UInt8], as format: ArticleFormat) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        let notIt = Rejection(.noBody, "not \(format.rawValue)")
        switch format {
        case .text:
            let text = try TextDecoding.decode(bytes, invalidUTF8: limits.invalidUTF8)
            return [.success(try WireCopyParser(rules: rules, maxLineBytes: limits.maxLineBytes).parse(text, raw: bytes))]
        case .html:
            guard DetectedFormat.detectMarkup(bytes, fileNameHint: nil) == .html || DetectedFormat.holdsHTMLStructure(bytes) else { throw notIt }
            return [.success(try HTMLArticleParser(rules: rules, limits: limits).parse(bytes))]
        case .json, .ninjs:
            let text = try TextDecoding.decode(bytes, invalidUTF8: limits.invalidUTF8)
            let parser = JSONArticleParser(limits: limits, rules: rules)
            if DetectedFormat.detect(text, fileNameHint: nil) == .jsonArray { return try parser.parseArray(text, raw: bytes) }
            return [.success(try parser.parse(text, raw: bytes))]
        case .newsMLG2, .nitf, .newsML1, .atom, .rss, .wxr:
            return try XMLArticleParser(rules: rules, limits: limits).parse(bytes)
        case .anpa:
            guard ANPAParser.recognises(bytes) else { throw notIt }
            return [.success(try ANPAParser(rules: rules).parse(bytes))]
        case .email:
            guard EmailParser.recognises(bytes) else { throw notIt }
            return [.success(try EmailParser(rules: rules, limits: limits).parse(bytes))]
        }
    }

    /// A file none of whose items is an article: the one item's reason, or a count of them.
    private static func noArticle(among items: [Result<ParsedArticle, Rejection>]) -> Rejection {
        let reasons = items.compactMap { if case .failure(let rejection) = $0 { rejection } else { nil } }
        guard reasons.count > 1, let first = reasons.first else { return reasons.first ?? Rejection(.noBody, "no article") }
        var counted: [(String, Int)] = []
        for reason in reasons {
            if let index = counted.firstIndex(where: { $0.0 == reason.message }) { counted[index].1 += 1 } else { counted.append((reason.message, 1)) }
        }
        let summary = counted.prefix(4).map { $0.1 == 1 ? $0.0 : "\($0.1) × \($0.0)" }.joined(separator: "; ")
        return Rejection(first.code, "no article among its \(reasons.count) items: \(summary)")
    }
}
