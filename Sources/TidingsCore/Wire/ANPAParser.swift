import Foundation

/// Reads ANPA-1312 and IPTC 7901 transmissions, as AP, dpa and other agencies' wires send
/// them: `SOH` header `STX` text `ETX` trailer `EOT`, 7- or 8-bit.
///
/// - The header (between `SOH` and `STX`) holds the selector, priority, category and the
///   keyword (slug) line; it is not part of the story, and a repetition of its keyword at
///   the text's start is dropped.
/// - In the text, ANPA's format codes are read and removed: a line opened by `^` is a
///   headline or byline line, a closing `<` or `=` ends a line. Before the first body
///   paragraph: `By …` is the byline (the line after it, the writer's title, is dropped),
///   `Eds:` notes are dropped, and the first remaining line is the headline.
/// - Body paragraphs start at an indented line or after a blank line; `(END)`, `(MORE)`
///   and the trailer after `ETX` are not story. AP's `_` dash in the dateline is read as one.
/// - The bytes are UTF-8 when valid, else windows-1252 (the 8-bit charsets of these wires
///   are ISO 8859-1 and its Windows superset).
struct ANPAParser {
    var rules: [BoilerplateRule]

    private static let soh: UInt8 = 0x01, stx: UInt8 = 0x02, etx: UInt8 = 0x03, eot: UInt8 = 0x04, syn: UInt8 = 0x16

    /// A transmission opens with `SOH` (after any `SYN`s and line ends) and has an `STX`.
    static func recognises(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.prefix(64).firstIndex(where: { ![syn, 0x0A, 0x0D, 0x20].contains($0) }), bytes[first] == soh else { return false }
        return bytes[first...].prefix(4096).contains(stx)
    }

    func parse(_ bytes: [UInt8]) throws(Rejection) -> ParsedArticle {
        let start = (bytes.firstIndex(of: Self.soh) ?? -1) + 1
        let textStart = bytes[start...].firstIndex(of: Self.stx) ?? start
        let header = Self.decode(bytes[start..<textStart])
        let textEnd = bytes[textStart...].firstIndex(of: Self.etx) ?? bytes.endIndex
        let text = Self.decode(bytes[min(textStart + 1, textEnd)..<textEnd])
        let keyword = Self.keyword(ofHeader: header)

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Self.withoutFormatCodes)
        var title: String?, byline: String?
        var index = 0
        var afterByline = false
        // The heading block: lines before the first body paragraph.
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.text.trimmingWhiteSpace()
            if trimmed.isEmpty { index += 1; if title != nil && !line.marked { break }; continue }
            if line.indented && !line.marked { break }
            if let keyword, Self.isKeywordLine(trimmed, keyword: keyword) {
            } else if trimmed.lowercased().hasPrefix("eds:") || trimmed.lowercased().hasPrefix("eds.") {
            } else if byline == nil, trimmed.lowercased().hasPrefix("by ") {
                byline = String(trimmed.dropFirst(3)).trimmingWhiteSpace()
                afterByline = true
                index += 1
                continue
            } else if afterByline && line.marked {
                // The writer's title under the byline ("AP Business Writer").
            } else if title == nil, trimmed.count <= WireCopyParser.maxHeadlineCharacters, line.marked || !Self.endsSentence(trimmed) {
                title = trimmed
            } else {
                break
            }
            afterByline = false
            index += 1
        }
        lines.removeFirst(index)
        var paragraphs: [String] = []
        var current: [String] = []
        func endParagraph() {
            if !current.isEmpty { paragraphs.append(collapseWhiteSpace(current.joined(separator: " "))) }
            current = []
        }
        for line in lines {
            let trimmed = line.text.trimmingWhiteSpace()
            if trimmed.isEmpty { endParagraph(); continue }
            if Self.isEndMarker(trimmed) { endParagraph(); continue }
            if line.indented { endParagraph() }
            current.append(trimmed)
        }
        endParagraph()
        while let last = paragraphs.last, Self.isTrailer(last) { paragraphs.removeLast() }
        if let first = paragraphs.first { paragraphs[0] = Self.dashedDateline(first) }

        var item = WireItem()
        item.title = title
        item.byline = byline
        item.paragraphs = paragraphs
        return try item.article(format: .anpa, raw: bytes, rules: rules, what: "a wire transmission")
    }

    private struct Line {
        var text: String
        /// Opened by `^`, the code of headline and byline lines.
        var marked: Bool
        var indented: Bool
    }

    /// A line without control characters and ANPA's format codes (`^` opening, `<` and `=`
    /// closing a line).
    private static func withoutFormatCodes(_ raw: Substring) -> Line {
        // Over the UTF-8 bytes: a control character is one byte below 0x20, and no byte of a
        // multi-byte sequence is, so this drops exactly the control scalars.
        var text = String(decoding: raw.utf8.filter { $0 >= 0x20 || $0 == UInt8(ascii: "\t") }, as: UTF8.self)
        let marked = text.first == "^"
        if marked { text.removeFirst() }
        while let last = text.last, last == "<" || last == "=" || last == " " { text.removeLast() }
        let indented = text.first == "\t" || text.hasPrefix("  ")
        return Line(text: text, marked: marked, indented: indented)
    }

    /// The keyword (slug) of a header: the token that carries a `BC-`-style slug, else the
    /// header's words after the selector and codes (`a0012 r i BC-Oil-Prices 11-21 0412` →
    /// `BC-Oil-Prices`). Nil when the header names none.
    private static func keyword(ofHeader header: String) -> String? {
        let tokens = header.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," })
        if let slug = tokens.first(where: { $0.contains("-") && $0.count > 3 && $0.first!.isLetter }) { return String(slug) }
        return nil
    }

    /// The keyword line repeated at the top of the text: `BC-Oil-Prices,0412` or just the slug.
    private static func isKeywordLine(_ line: String, keyword: String) -> Bool {
        line.hasPrefix(keyword) && line.count <= keyword.count + 40
    }

    private static func isEndMarker(_ line: String) -> Bool {
        let upper = line.uppercased()
        return ["(END)", "(ENDS)", "(MORE)", "END", "ENDS", "-30-", "(ALL)"].contains(upper) || upper.hasPrefix("(END ") || upper.hasPrefix("(MORE ")
    }

    /// The agency's sign-off at the text's end: a short line with no sentence in it that
    /// holds a date-time group (`301015 Nov 26`) or only lower-case codes (`dpa tr yyzz n1`).
    private static func isTrailer(_ paragraph: String) -> Bool {
        guard paragraph.count <= 80, !".!?\"”»)".contains(paragraph.last ?? ".") else { return false }
        let words = paragraph.split(separator: " ")
        let hasDateTimeGroup = words.contains { $0.count == 6 && $0.allSatisfy(\.isNumber) }
        let allCodes = words.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber } }
        return hasDateTimeGroup || allCodes
    }

    private static func endsSentence(_ line: String) -> Bool {
        guard let last = line.last else { return false }
        return ".!?:;,".contains(last)
    }

    /// `NEW YORK (AP) _ Oil prices…`: AP's wires write the dateline's dash as `_`.
    private static func dashedDateline(_ paragraph: String) -> String {
        guard let range = paragraph.prefix(80).range(of: ") _ ") else { return paragraph }
        return paragraph.replacingCharacters(in: range, with: ") — ")
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        let text = TextDecoding.firstInvalidUTF8Offset(bytes) == nil
            ? String(decoding: bytes, as: UTF8.self) : Windows1252.decode(bytes)
        return text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}
