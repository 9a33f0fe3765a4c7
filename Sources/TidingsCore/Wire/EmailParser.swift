import Foundation

/// Reads an e-mail message (RFC 5322 with MIME, RFC 2045–2047), as press releases and
/// newsletters arrive: subject → headline, sender → source, `Date:` → published,
/// `Content-Language` → language, the `text/plain` part (else the `text/html` part, read as
/// an HTML fragment) → body. Quoted-printable and base64 are decoded, encoded words in
/// headers too, and each part in its `charset`. A signature (after `-- `) is not story.
struct EmailParser {
    var rules: [BoilerplateRule]
    var limits: ParserLimits

    /// MIME nesting deeper than this is not followed (a message nests two or three levels).
    static let maxDepth = 8
    private static let identifying: Set<String> = ["subject", "date", "message-id", "mime-version", "to", "received", "return-path"]

    /// A header block (optionally after an mbox `From ` line) of well-formed fields that
    /// names a sender and at least one more field a message has, then a blank line.
    static func recognises(_ bytes: [UInt8]) -> Bool {
        let (fields, _, complete) = headers(of: bytes[...], limit: 64 * 1024)
        guard complete, fields.contains(where: { $0.name == "from" }) else { return false }
        return fields.contains { identifying.contains($0.name) }
    }

    func parse(_ bytes: [UInt8]) throws(Rejection) -> ParsedArticle {
        let (fields, bodyStart, _) = Self.headers(of: bytes[...], limit: bytes.count)
        func field(_ name: String) -> String? { fields.first { $0.name == name }.map { Self.decodeWords($0.value) }?.nonEmpty }
        let part = Self.textPart(fields: fields, body: bytes[bodyStart...], depth: 0)
        var paragraphs: [String] = []
        if let part {
            if part.isHTML {
                let document = try HTMLTreeBuilder.parse(utf8: Array(part.text.utf8), limits: HTMLTreeBuilder.Limits(limits))
                paragraphs = HTMLContentExtractor().paragraphs(ofFragment: document.descendants.first { $0.name == "body" } ?? document)
            } else {
                paragraphs = XMLStoryText.paragraphs(ofPlainText: Self.withoutSignature(part.text))
            }
        }
        var item = WireItem()
        item.title = field("subject").map(Self.withoutReplyPrefixes)
        item.source = field("from").map(Self.senderName)
        item.published = field("date")
        item.language = field("content-language")
        item.paragraphs = paragraphs
        guard !paragraphs.isEmpty else {
            throw Rejection(.noBody, "no article text: an e-mail with no text/plain or text/html part\(item.title.map { " (subject \($0.debugDescription))" } ?? "")")
        }
        return try item.article(format: .email, raw: bytes, rules: rules, what: "an e-mail")
    }

    // MARK: Headers

    struct Field {
        var name: String
        var value: String
    }

    /// The header fields (names lower-cased, folded lines unfolded), where the body starts,
    /// and whether the block ended with a blank line within `limit` bytes.
    static func headers(of bytes: ArraySlice<UInt8>, limit: Int) -> (fields: [Field], bodyStart: Int, complete: Bool) {
        var fields: [Field] = []
        var index = bytes.startIndex
        let end = min(bytes.endIndex, bytes.startIndex + limit)
        var first = true
        while index < end {
            let lineEnd = bytes[index..<end].firstIndex(of: 0x0A) ?? end
            var line = bytes[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            let next = min(lineEnd + 1, bytes.endIndex)
            if line.isEmpty { return (fields, next, !fields.isEmpty) }
            defer { index = next; first = false }
            if first, line.starts(with: Array("From ".utf8)) { continue }
            if line.first == 0x20 || line.first == 0x09 {
                guard !fields.isEmpty else { return (fields, index, false) }
                fields[fields.count - 1].value += " " + String(decoding: line, as: UTF8.self).trimmingWhiteSpace()
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return (fields, index, false) }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingWhiteSpace()
            fields.append(Field(name: name, value: value))
        }
        return (fields, end, false)
    }

    /// RFC 2047 encoded words (`=?UTF-8?Q?Caf=C3=A9?=`, `=?iso-8859-1?B?…?=`) decoded; white
    /// space between two encoded words is dropped, as the RFC says.
    static func decodeWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let pattern = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/
        var out = ""
        var rest = Substring(value)
        var lastWasEncoded = false
        while let match = rest.firstMatch(of: pattern) {
            let between = rest[rest.startIndex..<match.range.lowerBound]
            if !(lastWasEncoded && between.allSatisfy(\.isWhitespace)) { out += between }
            let charset = String(match.output.1).split(separator: "*").first.map(String.init)
            let encoded = String(match.output.3)
            let bytes = match.output.2.lowercased() == "b"
                ? Array(Data(base64Encoded: padded(encoded)) ?? Data())
                : quotedPrintable(Array(encoded.replacing("_", with: " ").utf8), inHeader: true)
            out += HTMLCharset.decode(bytes, label: charset)
            rest = rest[match.range.upperBound...]
            lastWasEncoded = true
        }
        return out + rest
    }

    // MARK: Body

    private struct TextPart {
        var text: String
        var isHTML: Bool
    }

    /// The message's text: a `text/plain` part when there is one with text, else a
    /// `text/html` part; multipart bodies searched in order, nested ones too.
    private static func textPart(fields: [Field], body: ArraySlice<UInt8>, depth: Int) -> TextPart? {
        let type = ContentType(fields.first { $0.name == "content-type" }?.value ?? "text/plain")
        let encoding = fields.first { $0.name == "content-transfer-encoding" }?.value.lowercased() ?? "7bit"
        if type.mediaType.hasPrefix("multipart/") {
            guard depth < maxDepth, let boundary = type.parameters["boundary"] else { return nil }
            let parts = split(body, boundary: boundary).map { part -> (fields: [Field], body: ArraySlice<UInt8>) in
                let (fields, start, complete) = headers(of: part, limit: part.count)
                return complete ? (fields, part[start...]) : ([], part)
            }
            let found = parts.compactMap { textPart(fields: $0.fields, body: $0.body, depth: depth + 1) }
            return found.first { !$0.isHTML } ?? found.first
        }
        guard type.mediaType == "text/plain" || type.mediaType == "text/html" else { return nil }
        let disposition = fields.first { $0.name == "content-disposition" }?.value.lowercased() ?? ""
        if disposition.hasPrefix("attachment") { return nil }
        let decoded: [UInt8]
        switch encoding {
        case "base64": decoded = Array(Data(base64Encoded: padded(String(decoding: body, as: UTF8.self)), options: .ignoreUnknownCharacters) ?? Data())
        case "quoted-printable": decoded = quotedPrintable(Array(body), inHeader: false)
        default: decoded = Array(body)
        }
        let text = HTMLCharset.decode(decoded, label: type.parameters["charset"]).replacing("\r\n", with: "\n")
        guard !text.trimmingWhiteSpace().isEmpty else { return nil }
        return TextPart(text: text, isHTML: type.mediaType == "text/html")
    }

    /// The parts between `--boundary` lines, up to `--boundary--`.
    private static func split(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            let lineEnd = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[index..<lineEnd]
            if line.starts(with: delimiter) {
                if let start = partStart { parts.append(body[start..<max(start, index - 1)]) }
                let closing = line.dropFirst(delimiter.count).starts(with: [0x2D, 0x2D])
                if closing { return parts }
                partStart = min(lineEnd + 1, body.endIndex)
            }
            index = min(lineEnd + 1, body.endIndex)
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    private static func quotedPrintable(_ bytes: [UInt8], inHeader: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else { out.append(byte); index += 1; continue }
            if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 2; continue }
            if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { index += 3; continue }
            if index + 2 < bytes.count, let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                out.append(value)
                index += 3
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    private static func padded(_ base64: String) -> String {
        let clean = base64.filter { !$0.isWhitespace }
        return clean + String(repeating: "=", count: (4 - clean.count % 4) % 4)
    }

    /// A `Content-Type` value: the media type, lower-cased, and its parameters.
    private struct ContentType {
        var mediaType: String
        var parameters: [String: String] = [:]

        init(_ value: String) {
            let pieces = value.split(separator: ";")
            mediaType = pieces.first.map { $0.trimmingWhiteSpace().lowercased() } ?? "text/plain"
            for piece in pieces.dropFirst() {
                guard let equals = piece.firstIndex(of: "=") else { continue }
                let name = piece[..<equals].trimmingWhiteSpace().lowercased()
                var parameter = piece[piece.index(after: equals)...].trimmingWhiteSpace()
                if parameter.hasPrefix("\""), parameter.hasSuffix("\""), parameter.count >= 2 { parameter = String(parameter.dropFirst().dropLast()) }
                parameters[name] = parameter
            }
        }
    }

    // MARK: Fields

    private static func withoutReplyPrefixes(_ subject: String) -> String {
        var subject = Substring(subject)
        while let colon = subject.prefix(5).firstIndex(of: ":"),
              ["fwd", "fw", "re", "wg", "tr", "aw"].contains(subject[..<colon].lowercased()) {
            subject = subject[subject.index(after: colon)...].drop(while: \.isWhitespace)
        }
        return String(subject)
    }

    /// `"ACME Press Office" <press@acme.example>` → `ACME Press Office`; a bare address as it is.
    private static func senderName(_ from: String) -> String {
        if let angle = from.firstIndex(of: "<") {
            let name = from[..<angle].trimmingWhiteSpace().trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if !name.isEmpty { return name }
            return String(from[from.index(after: angle)...].prefix { $0 != ">" })
        }
        return from
    }

    private static func withoutSignature(_ text: String) -> String {
        guard let range = text.range(of: "\n-- \n") else { return text }
        return String(text[..<range.lowerBound])
    }
}
