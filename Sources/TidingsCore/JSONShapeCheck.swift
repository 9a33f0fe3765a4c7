/// Measures how deeply a JSON text nests and how many values it holds before any JSON
/// parser sees it. A hostile file of a million `[` costs one linear scan and a clear
/// rejection instead of deep recursion; a file of a million tiny arrays or numbers is
/// refused before Foundation builds an object for each (about 90 bytes of memory per
/// byte of such input, measured with `tidings-bench hostile`).
enum JSONShapeCheck {
    /// Values one article may hold: ninjs articles have a few dozen to a few hundred.
    static let maxValues = 100_000

    /// Throws when objects and arrays nest deeper than `maxDepth`, or the text holds more
    /// than ``maxValues`` values (counted as containers plus separators).
    static func check(_ text: String, maxDepth: Int) throws(Rejection) {
        var depth = 0, values = 0, inString = false, escaped = false, offset = 0
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
                values += 1
                if depth > maxDepth {
                    throw Rejection(.tooDeep, "JSON nested deeper than \(maxDepth) levels (at byte offset \(offset))")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","): values += 1
            default: break
            }
            if values > maxValues {
                throw Rejection(.tooLarge, "JSON with more than \(maxValues) values (an article has a few hundred at most)")
            }
        }
    }
}
