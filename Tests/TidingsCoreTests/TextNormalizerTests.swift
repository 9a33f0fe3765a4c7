import Testing
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
