/// What normalising and word splitting need to know about one scalar, from a table for the
/// scripts most text is written in, instead of Unicode property lookups and Foundation's
/// NFKC for every character — those were most of the cost of fingerprinting non-ASCII text.
///
/// The table covers U+0000–U+33FF (Latin, Greek, Cyrillic, Arabic, Hebrew, Indic, kana, …);
/// CJK ideographs and Hangul syllables are their own normal form by rule. Every other
/// scalar is "complex", and the text around it goes the general way. A test holds the
/// table equal to the general path for every scalar of the Basic Multilingual Plane.
enum ScalarTable {
    /// How a scalar folds, on its own, under NFKC, lower case and quote/dash unification.
    enum Fold: Equatable {
        /// Into exactly this one scalar, which composes with nothing and reorders with nothing.
        case simple(Unicode.Scalar)
        /// Into white space or a control character: a word separator.
        case separator
        /// Into several scalars, or a scalar that composes or reorders with its neighbours:
        /// only NFKC on the text around it gives the right answer.
        case complex
    }

    /// How a scalar of normalised text takes part in words.
    enum WordClass: UInt32 {
        /// Part of a word: letters, marks, digits.
        case letter = 0
        /// A word on its own: a character of a script written without spaces (Han, kana, Thai, …).
        case unspaced = 1
        /// Between words: punctuation, symbols, white space.
        case other = 2
    }

    /// The table, for loops over many scalars: hold one ``lookup`` for the whole loop.
    /// Reading the `static let` table goes through `swift_once` at every access, which was
    /// ~2 % of parsing and fingerprinting when done once a scalar.
    struct Lookup {
        fileprivate let entries: [UInt32]

        func fold(_ value: UInt32) -> Fold {
            if value < tableEnd {
                let entry = entries[Int(value)]
                switch entry >> kindShift & 3 {
                case simpleKind: return .simple(Unicode.Scalar(entry & outputMask)!)
                case separatorKind: return .separator
                default: return .complex
                }
            }
            if isOwnNormalForm(value) { return .simple(Unicode.Scalar(value)!) }
            return .complex
        }

        /// Unicode's White_Space. No scalar above the table is white space (a test checks).
        func isWhiteSpace(_ value: UInt32) -> Bool {
            value < tableEnd && entries[Int(value)] >> whiteSpaceShift & 1 == 1
        }

        func wordClass(_ value: UInt32) -> WordClass {
            if value < tableEnd { return WordClass(rawValue: entries[Int(value)] >> classShift & 3)! }
            guard let scalar = Unicode.Scalar(value) else { return .other }
            return computedWordClass(scalar)
        }
    }

    static var lookup: Lookup { Lookup(entries: entries) }

    static func fold(_ value: UInt32) -> Fold { lookup.fold(value) }

    static func isWhiteSpace(_ value: UInt32) -> Bool { lookup.isWhiteSpace(value) }

    static func wordClass(_ value: UInt32) -> WordClass { lookup.wordClass(value) }

    // MARK: The table

    fileprivate static let tableEnd: UInt32 = 0x3400
    fileprivate static let outputMask: UInt32 = 0x1F_FFFF
    fileprivate static let kindShift: UInt32 = 21
    fileprivate static let classShift: UInt32 = 23
    fileprivate static let whiteSpaceShift: UInt32 = 25
    fileprivate static let simpleKind: UInt32 = 0, separatorKind: UInt32 = 1, complexKind: UInt32 = 2

    /// One entry per scalar below `tableEnd`: the output scalar, the fold kind, the word
    /// class and white space, packed: 13,312 entries, built once, on first use.
    private static let entries: [UInt32] = (0..<tableEnd).map { value in
        guard let scalar = Unicode.Scalar(value) else { return complexKind << kindShift | WordClass.other.rawValue << classShift }
        let properties = computedWordClass(scalar).rawValue << classShift
            | (scalar.properties.isWhitespace ? 1 << whiteSpaceShift : 0)
        switch computedFold(scalar) {
        case .simple(let output): return output.value | simpleKind << kindShift | properties
        case .separator: return separatorKind << kindShift | properties
        case .complex: return complexKind << kindShift | properties
        }
    }

    /// CJK ideographs and Hangul syllables: no compatibility mapping, no case, and nothing
    /// composes onto them without a jamo or mark, which is complex itself.
    fileprivate static func isOwnNormalForm(_ value: UInt32) -> Bool {
        (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value)
    }

    static func computedFold(_ scalar: Unicode.Scalar) -> Fold {
        let folded = Array(TextNormalizer.compatibilityFolded(String(scalar)).unicodeScalars)
        guard folded.count == 1, let output = folded.first else { return .complex }
        if TextNormalizer.isSpaceOrControl(output) { return .separator }
        if composesOrReorders(scalar) || composesOrReorders(output) { return .complex }
        return .simple(TextNormalizer.unified(output))
    }

    /// Marks and conjoining jamo are the scalars that NFKC may compose with what precedes
    /// them or reorder (every scalar with NFC_Quick_Check=Maybe or a combining class is one).
    private static func composesOrReorders(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return properties.canonicalCombiningClass != .notReordered || (0x1100...0x11FF).contains(scalar.value)
        }
    }

    static func computedWordClass(_ scalar: Unicode.Scalar) -> WordClass {
        if TextNormalizer.isUnspacedScript(scalar) { return .unspaced }
        return TextNormalizer.isWordScalar(scalar) ? .letter : .other
    }
}
