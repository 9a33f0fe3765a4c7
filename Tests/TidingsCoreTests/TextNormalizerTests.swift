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

    /// The ASCII fast paths must give exactly what the general paths give: the body hash
    /// and the stored sample index depend on it.
    @Test func asciiFastPathsAgreeWithTheGeneralOnes() throws {
        var random = SeededRandom(seed: 7)
        let alphabet = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) } + Array("  \n\nTheQuickBrownFox`'-.,")
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...400, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let fast = try #require(TextNormalizer.normalizedASCII(text))
            #expect(fast == TextNormalizer.normalizedScalars(text), "\(text.debugDescription)")
            #expect(ShingleSet.asciiWordHashes(fast) == ShingleSet.wordHashes(fast), "\(fast.debugDescription)")
            #expect(ShingleSet.asciiWordHashes(text) == ShingleSet.wordHashes(text), "\(text.debugDescription)")
        }
        #expect(TextNormalizer.normalizedASCII("café") == nil)
        #expect(ShingleSet.asciiWordHashes("café") == nil)
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
