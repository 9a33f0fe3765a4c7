import Foundation

/// Parses plain-text wire copy: an optional headline, a dateline, paragraphs, trailers.
///
/// Paragraphs are blocks separated by blank lines (a line of only white space, no-break
/// spaces included, is blank); in a file with no blank line at all, each line is a
/// paragraph. Boilerplate goes by the ``BoilerplateRule`` table, not by code here.
struct WireCopyParser {
    var rules: [BoilerplateRule]
    var maxLineBytes: Int

    /// The longest first paragraph taken for a headline.
    static let maxHeadlineCharacters = 200
    /// Lines one article may have. Each line becomes a string and each paragraph an array
    /// on the way, so a file of millions of tiny paragraphs cost ~40 bytes of memory per
    /// byte (measured with `tidings-bench hostile`); a long article has a few hundred.
    static let maxLines = 200_000

    func parse(_ text: String, raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        try checkLines(text)
        let body = extract(from: text, detectHeadline: true)
        guard !body.paragraphs.isEmpty else {
            throw Rejection(.noBody, "no article text (only a headline, boilerplate or white space)")
        }
        return ParsedArticle(
            title: body.title, source: body.source, dateline: body.dateline, byline: body.byline,
            format: .text, paragraphs: body.paragraphs, raw: raw)
    }

    /// What the text-level rules extract from a body; JSON bodies go through here too.
    struct Extraction {
        var title: String?
        var dateline: String?
        var source: String?
        var byline: String?
        var paragraphs: [String] = []
    }

    func extract(from text: String, detectHeadline: Bool) -> Extraction {
        var result = Extraction()
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(Substring($0)) }
        removeBoilerplateLines(&lines, into: &result)

        var blocks = paragraphBlocks(lines)
        if detectHeadline, blocks.count >= 2, let headline = headline(blocks[0]) {
            result.title = headline
            blocks.removeFirst()
        }
        var paragraphs = blocks.map { collapseWhiteSpace($0.joined(separator: " ")) }

        if let first = paragraphs.first, let dateline = Dateline.parse(first) {
            result.dateline = dateline.text
            if let agency = dateline.agency { result.source = OutletNames.outlet(forAgency: agency) }
            paragraphs[0] = String(first.dropFirst(dateline.length))
        }
        for index in paragraphs.indices {
            for rule in rules where rule.scope == .paragraphPrefix {
                guard let match = rule.prefixMatch(in: paragraphs[index]) else { continue }
                record(match.captured, of: rule, into: &result)
                paragraphs[index].removeSubrange(..<match.end)
            }
        }
        removeTrailers(&paragraphs, into: &result)
        result.paragraphs = paragraphs.map { $0.trimmingWhiteSpace() }.filter { !$0.isEmpty }
        return result
    }

    /// Throws when a line is longer than `maxLineBytes`, or there are more than ``maxLines``.
    func checkLines(_ text: String) throws(Rejection) {
        var text = text
        // Over the bytes themselves: through `String.UTF8View` this loop was ~1 % of parsing.
        let failure: Rejection? = text.withUTF8 { bytes in
            var lineStart = 0, lineNumber = 1
            for (offset, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: "\n") {
                    lineStart = offset + 1
                    lineNumber += 1
                    if lineNumber > Self.maxLines {
                        return Rejection(.tooLarge, "more than \(Self.maxLines) lines (an article has a few hundred)")
                    }
                } else if offset - lineStart + 1 > maxLineBytes {
                    return Rejection(.lineTooLong, "line \(lineNumber) is longer than \(maxLineBytes) bytes")
                }
            }
            return nil
        }
        if let failure { throw failure }
    }

    private func removeBoilerplateLines(_ lines: inout [String], into result: inout Extraction) {
        if let first = lines.firstIndex(where: { !isBlank($0) }), isShort(lines[first]) {
            for rule in rules where rule.scope == .firstLine {
                if let match = rule.firstMatch(in: lines[first]), covers(match.range, lines[first]) {
                    lines[first] = ""
                    break
                }
            }
        }
        for index in lines.indices where isShort(lines[index]) && !isBlank(lines[index]) {
            for rule in rules where rule.scope == .tailFromLine {
                if let match = rule.firstMatch(in: lines[index]), covers(match.range, lines[index]) {
                    lines.removeSubrange(index...)
                    return removeWholeLines(&lines, into: &result)
                }
            }
        }
        removeWholeLines(&lines, into: &result)
    }

    private func removeWholeLines(_ lines: inout [String], into result: inout Extraction) {
        for index in lines.indices where isShort(lines[index]) && !isBlank(lines[index]) {
            for rule in rules where rule.scope == .line {
                if let match = rule.firstMatch(in: lines[index]), covers(match.range, lines[index]) {
                    record(match.captured, of: rule, into: &result)
                    lines[index] = ""
                    break
                }
            }
        }
    }

    /// Strips trailers from the end of the body until no `bodyEnd` rule matches.
    private func removeTrailers(_ paragraphs: inout [String], into result: inout Extraction) {
        var changed = true
        while changed, let last = paragraphs.indices.last {
            changed = false
            for rule in rules where rule.scope == .bodyEnd {
                guard let match = rule.firstMatch(in: paragraphs[last]),
                      match.range.upperBound == paragraphs[last].endIndex else { continue }
                record(match.captured, of: rule, into: &result)
                paragraphs[last].removeSubrange(match.range)
                changed = true
            }
            if paragraphs[last].trimmingWhiteSpace().isEmpty {
                paragraphs.removeLast()
                changed = true
            }
        }
    }

    private func record(_ value: String?, of rule: BoilerplateRule, into result: inout Extraction) {
        guard let value, !value.isEmpty else { return }
        switch rule.capture {
        case .source where result.source == nil: result.source = value
        case .byline where result.byline == nil: result.byline = value
        default: break
        }
    }

    /// Groups lines into paragraphs: by blank lines when there are any, else one per line.
    private func paragraphBlocks(_ lines: [String]) -> [[String]] {
        let content = lines.drop(while: isBlank)
        let hasBlankSeparators = content.contains(where: isBlank)
        var blocks: [[String]] = []
        var current: [String] = []
        for line in content {
            if isBlank(line) {
                if !current.isEmpty { blocks.append(current); current = [] }
            } else if hasBlankSeparators {
                current.append(line)
            } else {
                blocks.append([line])
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// A short single line, without closing punctuation and without a dateline, is a headline.
    private func headline(_ block: [String]) -> String? {
        guard block.count == 1 else { return nil }
        let line = collapseWhiteSpace(block[0])
        guard !line.isEmpty, line.count <= Self.maxHeadlineCharacters, Dateline.parse(line) == nil,
              let last = line.unicodeScalars.last, !".,;:!".unicodeScalars.contains(last)
        else { return nil }
        return line
    }

    private func isShort(_ line: String) -> Bool {
        line.utf8.count <= BoilerplateRule.maxBoilerplateLineBytes
    }

    private func isBlank(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy(\.isWhiteSpace)
    }

    private func covers(_ range: Range<String.Index>, _ line: String) -> Bool {
        range.lowerBound == line.startIndex && range.upperBound == line.endIndex
    }
}

/// Collapses every run of white space (no-break spaces included) into one space and trims.
func collapseWhiteSpace(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes in
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        let table = ScalarTable.lookup
        UTF8Scalars.forEach(in: bytes) { value, start, end in
            if table.isWhiteSpace(value) {
                pendingSpace = !out.isEmpty
                return
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            for offset in start..<end { out.append(bytes[offset]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
