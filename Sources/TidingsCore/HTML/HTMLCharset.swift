import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds the character set an HTML page is written in and decodes it to UTF-8.
///
/// The order is the one browsers follow: a byte-order mark; then the page's own
/// declaration — `<meta charset>`, `<meta http-equiv="Content-Type" content="…;
/// charset=…">` or an XML declaration — found by a prescan of the page's start; then,
/// with nothing declared, UTF-8 when the bytes are valid UTF-8 and windows-1252 when they
/// are not. Labels follow the WHATWG Encoding Standard (`iso-8859-1` and `ascii` mean
/// windows-1252, `shift_jis` means Windows-31J, `gb2312` means GBK). One exception, for
/// pages saved as UTF-8 by a tool that kept the old declaration: bytes that are valid
/// UTF-8 and not plain ASCII are read as UTF-8 whatever the page declares — legacy text
/// almost never forms valid multi-byte UTF-8 by chance. Bytes the encoding cannot map
/// become U+FFFD, as in a browser: a page is never rejected for its charset.
enum HTMLCharset {
    /// How far into the page the prescan looks for a declaration. Browsers stop at 1,024
    /// bytes; pages with long heads declare later, so this looks further.
    static let prescanBytes = 16 * 1024

    struct Decoded {
        var utf8: [UInt8]
        /// The encoding the page was read in, by its WHATWG name (`windows-1252`, `KOI8-R`).
        var encoding: String
    }

    static func decode(_ bytes: [UInt8]) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8(Array(bytes.dropFirst(3))) }
        if bytes.starts(with: [0xFF, 0xFE]) { return convert(bytes.dropFirst(2), from: "UTF-16LE", named: "UTF-16LE") }
        if bytes.starts(with: [0xFE, 0xFF]) { return convert(bytes.dropFirst(2), from: "UTF-16BE", named: "UTF-16BE") }
        let isUTF8 = TextDecoding.firstInvalidUTF8Offset(bytes[...]) == nil
        if isUTF8 && bytes.contains(where: { $0 >= 0x80 }) { return utf8(bytes, isValid: true) }
        guard let label = declaredLabel(bytes.prefix(prescanBytes)), let encoding = Encoding(label: label) else {
            return isUTF8 ? utf8(bytes, isValid: true) : windows1252(bytes)
        }
        switch encoding.iconvName {
        case "UTF-8": return utf8(bytes, isValid: isUTF8)
        case "WINDOWS-1252": return windows1252(bytes)
        default: return convert(bytes[...], from: encoding.iconvName, named: encoding.name)
        }
    }

    /// Text in the charset a label names (a MIME part's `charset`); UTF-8 when the label is
    /// missing or names no charset, windows-1252 when such text is not valid UTF-8.
    static func decode(_ bytes: [UInt8], label: String?) -> String {
        let decoded: Decoded
        if let encoding = label.flatMap(Encoding.init(label:)), encoding.iconvName != "UTF-8" {
            decoded = encoding.iconvName == "WINDOWS-1252" ? windows1252(bytes) : convert(bytes[...], from: encoding.iconvName, named: encoding.name)
        } else {
            decoded = TextDecoding.firstInvalidUTF8Offset(bytes[...]) == nil ? utf8(bytes, isValid: true) : windows1252(bytes)
        }
        return String(decoding: decoded.utf8, as: UTF8.self)
    }

    /// The charset label the page declares near its start, lower-cased, if any.
    static func declaredLabel(_ head: ArraySlice<UInt8>) -> String? {
        let lower = head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var index = lower.startIndex
        if let declaration = xmlDeclaration(lower) { return declaration }
        while let open = lower[index...].firstIndex(of: UInt8(ascii: "<")) {
            if lower[open...].starts(with: Array("<!--".utf8)) {
                guard let close = find(Array("-->".utf8), in: lower, from: open + 4) else { return nil }
                index = close + 3
                continue
            }
            guard let close = lower[open...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
            index = close + 1
            guard lower[open...].starts(with: Array("<meta".utf8)), open + 5 < close,
                  lower[open + 5] == 0x20 || lower[open + 5] == 0x2F || (0x09...0x0D).contains(lower[open + 5]) else { continue }
            let attributes = Self.attributes(String(decoding: lower[(open + 5)..<close], as: UTF8.self))
            if let charset = attributes["charset"], !charset.isEmpty { return charset }
            if attributes["http-equiv"] == "content-type", let content = attributes["content"],
               let charset = charsetParameter(content) {
                return charset
            }
        }
        return nil
    }

    /// `encoding` from `<?xml version="1.0" encoding="…"?>` at the very start.
    private static func xmlDeclaration(_ lower: [UInt8]) -> String? {
        guard lower.starts(with: Array("<?xml".utf8)), let end = find(Array("?>".utf8), in: lower, from: 0) else { return nil }
        return attributes(String(decoding: lower[5..<end], as: UTF8.self))["encoding"]
    }

    /// `charset=…` in a Content-Type value such as `text/html; charset="koi8-r"`.
    static func charsetParameter(_ content: String) -> String? {
        guard let range = content.range(of: "charset") else { return nil }
        var rest = content[range.upperBound...].drop(while: { $0 == " " })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        let quote = rest.first.flatMap { $0 == "\"" || $0 == "'" ? $0 : nil }
        if quote != nil { rest = rest.dropFirst() }
        let value = rest.prefix { character in
            if let quote { return character != quote }
            return character != ";" && character != " " && character != "\"" && character != "'"
        }
        return value.isEmpty ? nil : String(value)
    }

    /// Attributes of a tag's inside (`charset="utf-8" name=x`), names and values as written.
    static func attributes(_ inside: String) -> [String: String] {
        var found: [String: String] = [:]
        var rest = Substring(inside)
        func skipSpace() { rest = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" || $0 == "/" }) }
        skipSpace()
        while !rest.isEmpty {
            let name = rest.prefix { !" \t\n\r\u{0C}/=".contains($0) }
            rest = rest.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            var value = Substring("")
            if rest.first == "=" {
                rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    value = rest.dropFirst().prefix { $0 != quote }
                    rest = rest.dropFirst(value.count + 1).dropFirst(rest.dropFirst(value.count + 1).first == quote ? 1 : 0)
                } else {
                    value = rest.prefix { !" \t\n\r\u{0C}".contains($0) }
                    rest = rest.dropFirst(value.count)
                }
            }
            if name.isEmpty { rest = rest.dropFirst() } else if found[String(name)] == nil {
                found[String(name)] = value.trimmingWhiteSpace()
            }
            skipSpace()
        }
        return found
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    /// UTF-8 bytes as they are, or with ill-formed sequences replaced; `isValid` when the
    /// caller has checked already (a page is scanned once).
    private static func utf8(_ bytes: [UInt8], isValid: Bool? = nil) -> Decoded {
        if isValid ?? (TextDecoding.firstInvalidUTF8Offset(bytes[...]) == nil) { return Decoded(utf8: bytes, encoding: "UTF-8") }
        // Declared UTF-8 but not valid: ill-formed sequences become U+FFFD.
        return Decoded(utf8: Array(String(decoding: bytes, as: UTF8.self).utf8), encoding: "UTF-8")
    }

    private static func windows1252(_ bytes: [UInt8]) -> Decoded {
        Decoded(utf8: Array(Windows1252.decode(bytes[...]).utf8), encoding: "windows-1252")
    }

    /// Converts with glibc's iconv; a byte sequence the encoding does not define becomes
    /// U+FFFD and conversion goes on after it.
    private static func convert(_ bytes: ArraySlice<UInt8>, from iconvName: String, named name: String) -> Decoded {
        let converter = iconv_open("UTF-8", iconvName)
        guard converter != iconv_t(bitPattern: -1) else { return windows1252(Array(bytes)) }
        defer { iconv_close(converter) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var input = Array(bytes)
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        input.withUnsafeMutableBufferPointer { inputBuffer in
            scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                var inPointer = inputBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = inputBuffer.count
                converting: while true {
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(scratchBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var outLeft = scratchBuffer.count
                    // With the input used up, one last call flushes a stateful encoding's end.
                    let finishing = inLeft == 0
                    let result = finishing ? iconv(converter, nil, nil, &outPointer, &outLeft)
                                           : iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    output.append(contentsOf: scratchBuffer[0..<(scratchBuffer.count - outLeft)])
                    if result != -1 {
                        if finishing { break converting }
                        continue converting
                    }
                    switch errno {
                    case E2BIG:
                        continue converting
                    case EILSEQ, EINVAL:
                        // An undefined or cut-off sequence: mark it and step over one byte.
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        if finishing { break converting }
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                    default:
                        break converting
                    }
                }
            }
        }
        return Decoded(utf8: output, encoding: name)
    }
}
