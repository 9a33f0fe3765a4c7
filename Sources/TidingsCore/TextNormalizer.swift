import Foundation

/// Brings article text to the canonical form that fingerprints are computed on.
///
/// Unicode NFKC, case-folded, quotes and dashes unified, white space collapsed. Two bodies
/// that differ only in these respects have the same normal form, hence the same SHA-256.
/// ``words(_:)`` then splits the normal form into the tokens shingles are made of.
package enum TextNormalizer {
    /// The normal form of `text`.
    ///
    /// One pass over the UTF-8 bytes, folding each scalar through ``ScalarTable``. Text is
    /// cut into segments at white space — which neither composes with what precedes it,
    /// nor reorders with it, nor takes part in case mapping — and a segment holding a
    /// complex scalar is folded the general way, so the result is always what
    /// ``normalizedScalars(_:)`` gives for the whole text (tests hold them equal).
    package static func normalize(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var folding = Folding(bytes)
            let table = ScalarTable.lookup
            UTF8Scalars.forEach(in: bytes) { value, start, _ in folding.take(table.fold(value), at: start) }
            return folding.finished()
        }
    }

    /// One pass of ``normalize(_:)``. Its state lives in a struct rather than in variables
    /// captured by a local function, because Swift checks every access to those at run time
    /// for exclusivity: that was ~10 % of a parse worker's time.
    private struct Folding {
        let bytes: UnsafeBufferPointer<UInt8>
        var out: [UInt8] = []
        var pendingSpace = false
        // The segment being read: where it starts in `bytes` and in `out`, whether a space
        // was pending before it, and whether it needs the general path.
        var segmentStart = 0, segmentOut = 0
        var spaceBeforeSegment = false, segmentIsComplex = false
        var inSegment = false

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            out.reserveCapacity(bytes.count)
        }

        mutating func take(_ fold: ScalarTable.Fold, at start: Int) {
            if fold == .separator {
                endSegment(at: start)
                inSegment = false
                pendingSpace = !out.isEmpty
                return
            }
            if !inSegment {
                inSegment = true
                segmentStart = start
                segmentOut = out.count
                spaceBeforeSegment = pendingSpace
                segmentIsComplex = false
            }
            if segmentIsComplex { return }
            guard case .simple(let scalar) = fold else {
                segmentIsComplex = true
                return
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            UTF8Scalars.append(scalar, to: &out)
        }

        mutating func finished() -> String {
            endSegment(at: bytes.count)
            return String(decoding: out, as: UTF8.self)
        }

        private mutating func endSegment(at end: Int) {
            guard inSegment, segmentIsComplex else { return }
            out.removeSubrange(segmentOut...)
            let folded = normalizedScalars(String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<end]), as: UTF8.self))
            if folded.isEmpty {
                pendingSpace = spaceBeforeSegment
            } else {
                if spaceBeforeSegment { out.append(0x20) }
                out.append(contentsOf: folded.utf8)
            }
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
    /// (Fingerprinting hashes the same words without making them: ``ShingleSet``.)
    package static func words(_ normalized: String) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        let scalars = normalized.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            switch ScalarTable.wordClass(scalars[index].value) {
            case .unspaced:
                if let begin = start { words.append(Substring(scalars[begin..<index])); start = nil }
                words.append(Substring(scalars[index..<next]))
            case .letter:
                if start == nil { start = index }
            case .other:
                if let begin = start { words.append(Substring(scalars[begin..<index])); start = nil }
            }
            index = next
        }
        if let begin = start { words.append(Substring(scalars[begin..<scalars.endIndex])) }
        return words
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

    /// White space and control characters: both separate words. (From Unicode properties:
    /// ``ScalarTable`` is built from this.)
    static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value <= 0x20 || scalar.value == 0x7F }
        return scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }

    static func unified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x0060, 0x00B4: return "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: return "\""
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return "-"
        default: return scalar
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) || (0x41...0x5A).contains(v)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
            || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
    }

    static func isUnspacedScript(_ scalar: Unicode.Scalar) -> Bool {
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
