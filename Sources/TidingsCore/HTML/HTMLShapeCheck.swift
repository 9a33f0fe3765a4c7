/// Looks over a page's bytes, before libxml2 does, for shapes that make libxml2 itself slow.
///
/// libxml2's HTML parser checks each attribute of a tag against the tag's earlier ones, so
/// one tag with n attributes costs n² (80,000 attributes on one `div`, 0.7 MB: 15 s). No
/// real page comes near a thousand attributes on one element; a page that does is refused
/// here, in time linear in its size, rather than parsed.
///
/// The scan follows the tokenizer only as far as it must: tags and their attributes, quoted
/// values, comments, and the raw text of `script` and `style` (where `<` starts no tag).
enum HTMLShapeCheck {
    static func check(_ bytes: [UInt8], maxAttributes: Int) throws(Rejection) {
        var index = 0
        let count = bytes.count
        while index < count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < count else { index += 1; continue }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!"), hasPrefix(bytes, at: index, "<!--") {
                index = find(bytes, "-->", from: index + 4).map { $0 + 3 } ?? count
                continue
            }
            guard isLetter(next) else { index += 1; continue }
            let nameStart = index + 1
            var cursor = nameStart
            while cursor < count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">"), bytes[cursor] != UInt8(ascii: "/") { cursor += 1 }
            let rawText = lowercaseEquals(bytes[nameStart..<cursor], "script") ? "</script" : lowercaseEquals(bytes[nameStart..<cursor], "style") ? "</style" : nil
            var attributes = 0
            while cursor < count, bytes[cursor] != UInt8(ascii: ">") {
                let byte = bytes[cursor]
                if isSpace(byte) || byte == UInt8(ascii: "/") { cursor += 1; continue }
                // An attribute: its name, then perhaps `=` and a value.
                attributes += 1
                if attributes > maxAttributes {
                    throw Rejection(.tooComplex, "too complex: an element with more than \(maxAttributes) attributes (at byte offset \(index); parser.max_html_attributes)")
                }
                while cursor < count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">"), bytes[cursor] != UInt8(ascii: "="),
                      bytes[cursor] != UInt8(ascii: "/") { cursor += 1 }
                while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < count, bytes[cursor] == UInt8(ascii: "=") else { continue }
                cursor += 1
                while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < count else { break }
                let quote = bytes[cursor]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    cursor = (bytes[(cursor + 1)...].firstIndex(of: quote) ?? count - 1) + 1
                } else {
                    while cursor < count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                }
            }
            index = cursor + 1
            if let rawText { index = findIgnoringCase(bytes, rawText, from: index) ?? count }
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    private static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: String) -> Bool {
        let prefix = Array(prefix.utf8)
        return index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    private static func lowercaseEquals(_ slice: ArraySlice<UInt8>, _ word: String) -> Bool {
        slice.count == word.utf8.count && zip(slice, word.utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// The index of the next `needle` at or after `start`: the first byte is searched for,
    /// then the rest compared, so the scan stays linear for needles of a few bytes.
    private static func find(_ bytes: [UInt8], _ needle: String, from start: Int) -> Int? {
        let needle = Array(needle.utf8)
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func findIgnoringCase(_ bytes: [UInt8], _ needle: String, from start: Int) -> Int? {
        let needle = Array(needle.utf8)
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], zip(bytes[index..<(index + needle.count)], needle).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                return index
            }
            index += 1
        }
        return nil
    }
}
