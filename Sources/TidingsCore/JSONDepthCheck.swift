/// Measures how deeply a JSON text nests before any JSON parser sees it, so a hostile file
/// of a million `[` costs one linear scan and a clear rejection instead of deep recursion.
enum JSONDepthCheck {
    /// Throws when objects and arrays nest deeper than `maxDepth`.
    static func check(_ text: String, maxDepth: Int) throws(Rejection) {
        var depth = 0, inString = false, escaped = false, offset = 0
        for byte in text.utf8 {
            defer { offset += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maxDepth {
                    throw Rejection(.tooDeep, "JSON nested deeper than \(maxDepth) levels (at byte offset \(offset))")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
    }
}
