import Testing
import TidingsCore
import TidingsTesting

/// Properties of normalisation and similarity over many generated texts (seeded, so a
/// failure names its seed): bounds, symmetry, identity, and monotonicity under edits.
@Suite struct NormalizationPropertyTests {
    static let seeds: [UInt64] = Array(1...200)

    /// Words in several scripts, with accents, capitals and compatibility forms.
    static let vocabulary = [
        "storm", "Ports", "closed", "Monday", "officials", "said", "café", "Zürich", "naïve", "ÉLECTION",
        "дождь", "Москва", "σεισμός", "Αθήνα", "東京", "会議", "ภาษา", "ﬁnance", "Ｆｕｌｌ", "İstanbul", "straße", "2026",
        "co-operation", "O’Neill", "«quoted»", "x²", "Ⅻ",
    ]

    /// The words that are one token once normalised ("co-operation" is two), so that
    /// replacing one word changes exactly one token.
    static let singleTokens = vocabulary.filter { TextNormalizer.words(TextNormalizer.normalize($0)).count == 1 }

    static func text(_ random: inout SeededRandom, words: Int, from vocabulary: [String] = vocabulary) -> [String] {
        (0..<words).map { _ in vocabulary.randomElement(using: &random)! }
    }

    static func joined(_ words: [String], _ random: inout SeededRandom) -> String {
        let separators = [" ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{2003}", " \n\n "]
        return words.enumerated().map { index, word in index == 0 ? word : separators.randomElement(using: &random)! + word }.joined()
    }

    @Test(arguments: seeds)
    func normalisingIsIdempotentAndIgnoresHowWordsAreSpaced(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let words = Self.text(&random, words: Int.random(in: 1...60, using: &random))
        let plain = TextNormalizer.normalize(words.joined(separator: " "))
        let spaced = TextNormalizer.normalize("  " + Self.joined(words, &random) + "\n")
        #expect(plain == spaced, "seed \(seed)")
        #expect(TextNormalizer.normalize(plain) == plain, "seed \(seed)")
        #expect(!plain.hasPrefix(" ") && !plain.hasSuffix(" ") && !plain.contains("  "), "seed \(seed)")
    }

    @Test(arguments: seeds)
    func similarityIsBoundedSymmetricAndOneWithItself(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let a = ShingleSet(body: Self.text(&random, words: Int.random(in: 0...80, using: &random)).joined(separator: " "))
        let b = ShingleSet(body: Self.text(&random, words: Int.random(in: 0...80, using: &random)).joined(separator: " "))
        let ab = Similarity(a, b)
        #expect(ab == Similarity(b, a), "seed \(seed)")
        #expect((0...1).contains(ab.resemblance) && (0...1).contains(ab.containment), "seed \(seed)")
        #expect(ab.resemblance <= ab.containment, "seed \(seed)")
        #expect(Similarity(a, a).resemblance == 1 && Similarity(a, a).containment == 1, "seed \(seed)")
    }

    /// Replacing words one after another with words the text never had: what the edited
    /// text shares with the original only shrinks, by at most one shingle width per edit.
    @Test(arguments: seeds)
    func similarityFallsMonotonicallyUnderEdits(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let original = Self.text(&random, words: Int.random(in: 20...120, using: &random), from: Self.singleTokens)
        let shingles = ShingleSet(body: original.joined(separator: " "))
        var edited = original
        var previous = Similarity(shingles, shingles)
        for edit in 1...12 {
            edited[Int.random(in: 0..<edited.count, using: &random)] = "fresh\(edit)word"  // one token, never in the text
            let now = Similarity(shingles, ShingleSet(body: edited.joined(separator: " ")))
            #expect(now.resemblance <= previous.resemblance, "seed \(seed), edit \(edit)")
            #expect(now.containment <= previous.containment, "seed \(seed), edit \(edit)")
            let shared = Double(shingles.count) * now.containment
            #expect(shared >= Double(shingles.count - ShingleSet.width * edit) - 1e-9, "seed \(seed), edit \(edit)")
            previous = now
        }
    }

    /// A truncated copy, or the text with more appended, is contained in full.
    @Test(arguments: seeds)
    func truncatingOrAppendingKeepsContainmentWhole(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let words = Self.text(&random, words: Int.random(in: 10...100, using: &random))
        let whole = ShingleSet(body: words.joined(separator: " "))
        let prefix = ShingleSet(body: words.prefix(Int.random(in: ShingleSet.width...words.count, using: &random)).joined(separator: " "))
        let longer = ShingleSet(body: (words + Self.text(&random, words: 30)).joined(separator: " "))
        #expect(Similarity(prefix, whole).containment == 1, "seed \(seed)")
        #expect(Similarity(whole, longer).containment == 1, "seed \(seed)")
    }
}
