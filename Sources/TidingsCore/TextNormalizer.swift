import Foundation

/// Brings article text to the canonical form that fingerprints are computed on.
///
/// Unicode NFKC, case-folded, quotes and dashes unified, white space collapsed. Two bodies
/// that differ only in these respects have the same normal form, hence the same SHA-256.
/// ``words(_:)`` then splits the normal form into the tokens shingles are made of.
public enum TextNormalizer {
    /// The normal form of `text`.
    public static func normalize(_ text: String) -> String {
        normalizedASCII(text) ?? normalizedScalars(text)
    }

    /// The normal form of ASCII text in one pass over its bytes — what
    /// ``normalizedScalars(_:)`` gives for it (a test holds them equal), without Unicode
    /// property lookups: NFKC leaves ASCII as it is, lower case is `| 0x20`, white space
    /// and control characters are the bytes up to 0x20 and 0x7F, and the backtick is the
    /// only ASCII character unified (to an apostrophe). Nil when `text` is not ASCII.
    static func normalizedASCII(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte <= 0x20 || byte == 0x7F {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte | 0x20)
                case UInt8(ascii: "`"): out.append(UInt8(ascii: "'"))
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The normal form of any text, scalar by scalar.
    static func normalizedScalars(_ text: String) -> String {
        let folded = compatibilityFolded(text)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if isSpaceOrControl(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(unified(scalar))
        }
        return String(out)
    }

    /// The words of a normalised text: runs of letters, marks and digits. Scripts written
    /// without spaces between words (Han, kana, Thai, …) yield one token per character, so
    /// shingles still work for them.
    public static func words(_ normalized: String) -> [Substring] {
        var words: [Substring] = []
        forEachWord(in: normalized) { words.append($0) }
        return words
    }

    /// Calls `body` with each word of a normalised text in turn, without collecting them:
    /// fingerprinting needs only their hashes, and an array of substrings costs 32 bytes
    /// a word.
    public static func forEachWord(in normalized: String, _ body: (Substring) -> Void) {
        var start: String.Index?
        let scalars = normalized.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if isUnspacedScript(scalar) {
                if let begin = start { body(Substring(scalars[begin..<index])); start = nil }
                body(Substring(scalars[index..<next]))
            } else if isWordScalar(scalar) {
                if start == nil { start = index }
            } else if let begin = start {
                body(Substring(scalars[begin..<index]))
                start = nil
            }
            index = next
        }
        if let begin = start { body(Substring(scalars[begin..<scalars.endIndex])) }
    }

    /// Scalars per piece that NFKC is applied to, at least (the piece ends at the next
    /// white space).
    static let foldingPieceScalars = 4096

    /// NFKC, then lower case, applied piece by piece. Foundation's NFKC takes time that
    /// grows faster than the length of the string (a 256 KiB string of U+FDFA took 45×
    /// as long as a 16 KiB one), so a hostile file could stall the parser; pieces of a
    /// few thousand scalars keep the whole linear. Pieces are cut just before white
    /// space, which neither composes with what precedes it nor reorders with it, and
    /// which ends a word for case mapping, so the result is the same as in one piece.
    static func compatibilityFolded(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > foldingPieceScalars else { return text.precomposedStringWithCompatibilityMapping.lowercased() }
        var folded = ""
        folded.reserveCapacity(text.utf8.count)
        var start = scalars.startIndex
        var index = start
        var length = 0
        while index < scalars.endIndex {
            if length >= foldingPieceScalars && isSafeCut(before: scalars[index], afterScalars: length) {
                folded += String(scalars[start..<index]).precomposedStringWithCompatibilityMapping.lowercased()
                start = index
                length = 0
            }
            length += 1
            index = scalars.index(after: index)
        }
        folded += String(scalars[start..<index]).precomposedStringWithCompatibilityMapping.lowercased()
        return folded
    }

    /// Where a piece may end: before white space; in a long run without any, before ASCII
    /// punctuation or a digit (no composition has an ASCII second character, and neither
    /// is cased); in a very long run of neither, before any scalar that starts a new
    /// combining sequence outside the scripts whose vowel signs compose with what precedes
    /// them (U+0900–U+11FF: Indic, Myanmar, Hangul jamo).
    private static func isSafeCut(before scalar: Unicode.Scalar, afterScalars length: Int) -> Bool {
        if scalar.properties.isWhitespace { return true }
        if length >= 4 * foldingPieceScalars, scalar.isASCII, !scalar.properties.isAlphabetic { return true }
        return length >= 16 * foldingPieceScalars && scalar.properties.canonicalCombiningClass == .notReordered
            && !(0x0900...0x11FF).contains(scalar.value)
    }

    /// White space and control characters: both separate words.
    static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value <= 0x20 || scalar.value == 0x7F }
        return scalar.isWhiteSpace || scalar.properties.generalCategory == .control
    }

    private static func unified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x0060, 0x00B4: return "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: return "\""
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return "-"
        default: return scalar
        }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) || (0x41...0x5A).contains(v)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
            || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
    }

    private static func isUnspacedScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0E7F,   // Thai
             0x0E80...0x0EFF,   // Lao
             0x1000...0x109F,   // Myanmar
             0x1780...0x17FF,   // Khmer
             0x3040...0x30FF,   // Hiragana, Katakana
             0x3400...0x4DBF,   // CJK extension A
             0x4E00...0x9FFF,   // CJK unified ideographs
             0xF900...0xFAFF,   // CJK compatibility ideographs
             0x20000...0x2FA1F: // CJK extensions B…
            return true
        default:
            return false
        }
    }
}
