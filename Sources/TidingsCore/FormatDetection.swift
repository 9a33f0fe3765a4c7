/// Decides how to parse a decoded file from its content; the file name is only a hint.
///
/// The first non-blank character decides: `{` is JSON, `[` is a JSON array (one article per
/// file is expected), `<` is markup. Everything else is plain-text wire copy, whatever the
/// extension says. The extension only names markup that does not open with `<!doctype` or
/// `<html` (a fragment saved as `.html`), so the rejection says what the file was taken for.
enum DetectedFormat: Equatable {
    case json
    case jsonArray
    case markup(String)
    case text

    static func detect(_ text: String, fileNameHint: String?) -> DetectedFormat {
        guard let first = text.unicodeScalars.first(where: { !$0.isWhiteSpace }) else {
            return .text
        }
        switch first {
        case "{": return .json
        case "[": return .jsonArray
        case "<":
            let head = text.unicodeScalars.drop(while: { $0.isWhiteSpace }).prefix(64)
            let opening = String(String.UnicodeScalarView(head)).lowercased()
            if opening.hasPrefix("<?xml") { return .markup("XML document") }
            if opening.hasPrefix("<!doctype html") || opening.hasPrefix("<html") { return .markup("HTML page") }
            let hint = fileNameHint?.lowercased() ?? ""
            if hint.hasSuffix(".html") || hint.hasSuffix(".htm") { return .markup("HTML page") }
            return .markup("markup document")
        default:
            return .text
        }
    }
}
