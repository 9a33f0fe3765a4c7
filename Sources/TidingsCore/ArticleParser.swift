/// The one entry point from bytes to an article: decode, detect the format, parse.
///
/// Every way a file can fail comes back as a ``Rejection`` with a reason; nothing here
/// traps or loses input.
package struct ArticleParser: Sendable {
    package var limits: ParserLimits
    package var rules: [BoilerplateRule]

    package init(limits: ParserLimits = ParserLimits(), rules: [BoilerplateRule] = BoilerplateRule.standard) {
        self.limits = limits
        self.rules = rules
    }

    /// Parses one file's bytes. `fileName` is used only as a hint for markup detection.
    package func parse(_ bytes: [UInt8], fileName: String? = nil) throws(Rejection) -> ParsedArticle {
        if bytes.count > limits.maxFileBytes {
            throw Rejection(.tooLarge, "too large (\(bytes.count) bytes; the limit is \(limits.maxFileBytes))")
        }
        let html = HTMLArticleParser(rules: rules, limits: limits)
        switch DetectedFormat.detectMarkup(bytes, fileNameHint: fileName) {
        case .html?: return try html.parse(bytes)
        case .unsupportedMarkup(let kind)?: throw Self.unsupported(kind)
        default: break
        }
        let text = try TextDecoding.decode(bytes, invalidUTF8: limits.invalidUTF8)
        switch DetectedFormat.detect(text, fileNameHint: fileName) {
        case .json:
            return try JSONArticleParser(limits: limits).parse(text, raw: bytes)
        case .jsonArray:
            throw Rejection(.unsupportedFormat, "unsupported format: a JSON array (one article object per file is expected)")
        case .html:
            // A UTF-16 page: decoded by its byte-order mark.
            return try html.parse(utf8: Array(text.utf8), raw: bytes)
        case .unsupportedMarkup(let kind):
            throw Self.unsupported(kind)
        case .text:
            return try WireCopyParser(rules: rules, maxLineBytes: limits.maxLineBytes).parse(text, raw: bytes)
        }
    }

    private static func unsupported(_ kind: String) -> Rejection {
        Rejection(.unsupportedFormat, "unsupported format: \(kind) (HTML pages, JSON and plain text are read)")
    }
}
