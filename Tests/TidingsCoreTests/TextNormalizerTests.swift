import Foundation
import Testing
import TidingsTesting
@testable import TidingsCore

@Suite struct TextNormalizerTests {
    @Test func quotesDashesCaseAndWhiteSpaceAreUnified() {
        #expect(TextNormalizer.normalize("Iran’s  “Crushing”\u{00A0}Response — NOW") == "iran's \"crushing\" response - now")
    }

    @Test func compatibilityFormsFold() {
        #expect(TextNormalizer.normalize("Ｆｕｌｌｗｉｄｔｈ ﬁne") == "fullwidth fine")
    }

    @Test func bodiesThatDifferOnlyInTheseRespectsHaveOneFingerprint() {
        let a = Fingerprint(body: "Iran’s “crushing” response\n\nto the U.S.")
        let b = Fingerprint(body: "IRAN'S \"crushing\"   response to the U.S.")
        #expect(a.bodySHA256 == b.bodySHA256)
    }

    /// Long texts are folded piece by piece (Foundation's NFKC is superlinear); the pieces
    /// must give what folding the whole text at once gives.
    @Test func foldingInPiecesEqualsFoldingTheWhole() {
        let units = ["Ｆｕｌｌ ", "ﬁne\n", "\u{FDFA}", "ΣΑΣ ", "e\u{0301}\u{0323} ", "İstanbul, ", "한국어 ", "ड़ ", "x² ", "2026. "]
        var random = SeededRandom(seed: 2026)
        for _ in 0..<5 {
            let text = (0..<40_000).map { _ in units.randomElement(using: &random)! }.joined()
            #expect(text.unicodeScalars.count > 16 * TextNormalizer.foldingPieceScalars)
            #expect(TextNormalizer.compatibilityFolded(text) == text.precomposedStringWithCompatibilityMapping.lowercased())
        }
        // No white space for a long stretch: cut before ASCII punctuation, then anywhere safe.
        for unit in ["\u{FDFA}.", "\u{FDFA}", "ΣΑΣ", "e\u{0301}"] {
            let text = String(repeating: unit, count: 40_000)
            #expect(TextNormalizer.compatibilityFolded(text) == text.precomposedStringWithCompatibilityMapping.lowercased(), "\(unit.debugDescription)")
        }
    }

    /// The table-driven paths must give exactly what the general paths give: the body hash
    /// and the stored sample index depend on it. Every scalar of the Basic Multilingual
    /// Plane, alone and between letters.
    @Test func tablePathsAgreeWithTheGeneralOnesOnEveryScalar() {
        var disagreements: [String] = []
        for value in UInt32(0)..<0x1_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "A\(scalar)b", "\(scalar)\u{0301} x"] {
                let normal = TextNormalizer.normalize(text)
                if !sameBytes(normal, TextNormalizer.normalizedScalars(text)) || ShingleSet.wordHashes(normal) != generalWordHashes(normal) {
                    disagreements.append(String(value, radix: 16))
                }
            }
        }
        #expect(disagreements.isEmpty, "U+\(disagreements.prefix(20).joined(separator: ", U+"))")
    }

    /// The table's white space is Unicode's White_Space for every scalar, the astral planes
    /// included (the table stops at U+33FF and answers "no" above it).
    @Test func tableWhiteSpaceIsUnicodeWhiteSpace() {
        let wrong = (UInt32(0)...0x10_FFFF).compactMap(Unicode.Scalar.init).filter {
            ScalarTable.isWhiteSpace($0.value) != $0.properties.isWhitespace
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10).map { String($0.value, radix: 16) })")
    }

    /// The same on random texts mixing ASCII, scripts with case, combining marks, conjoining
    /// jamo, compatibility characters, unspaced scripts, astral scalars and odd spaces.
    @Test func tablePathsAgreeWithTheGeneralOnesOnMixedText() {
        var random = SeededRandom(seed: 7)
        let pieces: [String] = Array("  \n\nTheQuickBrownFox`'-.,\t\u{7F}").map(String.init) + [
            "Straße", "ΟΔΟΣ", "Правительство", "e\u{0301}", "\u{0301}", "\u{0323}\u{0301}", "ﬁ", "Ⅻ", "①", "Ａ",
            "\u{1100}\u{1161}", "\u{11A8}", "한국", "東京", "カタカナ", "ｶ\u{FF9E}", "\u{00A0}", "\u{3000}", "\u{2028}",
            "\u{FDFA}", "İ", "ŉ", "\u{0344}", "’", "“", "—", "😀", "\u{1D400}", "\u{0E01}\u{0E31}", "ك", "\u{0653}",
            "\u{FEFF}", "\u{200B}", "١٢", "\u{0915}\u{093C}", "\u{0B47}\u{0B3E}", "Ǆ", "ﾟ", "\u{00A8}",
        ]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let normal = TextNormalizer.normalize(text)
            #expect(sameBytes(normal, TextNormalizer.normalizedScalars(text)), "\(text.debugDescription)")
            #expect(ShingleSet.wordHashes(normal) == generalWordHashes(normal), "\(normal.debugDescription)")
            #expect(ShingleSet.wordHashes(text) == generalWordHashes(text), "\(text.debugDescription)")
        }
    }

    /// Byte for byte: `==` on strings holds canonically equivalent ones equal ("e\u{0301}" and
    /// "é"), but the body hash is taken over the bytes.
    private func sameBytes(_ a: String, _ b: String) -> Bool { Array(a.utf8) == Array(b.utf8) }

    private func generalWordHashes(_ text: String) -> [UInt64] {
        TextNormalizer.words(text).map(StableHash.word)
    }

    @Test func wordsAreLettersAndDigits() {
        #expect(TextNormalizer.words("iran's 2,500 troops - mid-january").map(String.init) == ["iran", "s", "2", "500", "troops", "mid", "january"])
    }

    @Test func unspacedScriptsYieldOneWordPerCharacter() {
        #expect(TextNormalizer.words("東京 news").map(String.init) == ["東", "京", "news"])
    }

    @Test func cyrillicAndCombiningMarksStayInWords() {
        #expect(TextNormalizer.words("привет мир").count == 2)
        #expect(TextNormalizer.words("cafe\u{0301} ok").count == 2)
    }
}
