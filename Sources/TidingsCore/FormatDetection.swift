/// Decides how to parse a file from its content; the file name is only a hint.
///
/// The first non-blank character decides: `{` is JSON, `[` is a JSON array (one article per
/// file is expected), `<` is markup — an HTML page, unless it is an XML document that is
/// not XHTML (a feed, NewsML), which is not supported. Everything else is plain-text wire
/// copy, whatever the extension says.
enum DetectedFormat: Equatable {
    case json
    case jsonArray
    case html
    /// Markup Tidings does not read, named for the rejection ("XML document").
    case unsupportedMarkup(String)
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
        guard let first = text.unicodeScalars.first(where: { !$0.isWhiteSpace }) else {
            return .text
        }
        switch first {
        case "{": return .json
        case "[": return .jsonArray
        case "<":
            let opening = String(String.UnicodeScalarView(text.unicodeScalars.drop(while: { $0.isWhiteSpace }).prefix(1024)))
            return markup(opening: opening, fileNameHint: fileNameHint)
        default:
            return .text
        }
    }

    private static func markup(opening: String, fileNameHint: String?) -> DetectedFormat {
        let lower = opening.lowercased()
        guard lower.hasPrefix("<?xml") else { return .html }
        let hint = fileNameHint?.lowercased() ?? ""
        if lower.contains("<html") || lower.contains("<!doctype html") || hint.hasSuffix(".html") || hint.hasSuffix(".htm")
            || hint.hasSuffix(".xhtml") {
            return .html
        }
        return .unsupportedMarkup("XML document")
    }
}
