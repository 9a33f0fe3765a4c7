import Testing
@testable import TidingsCore

@Suite struct LeadingScalarsTests {
    @Test func aShorterTextIsKeptWhole() {
        #expect(Substring("Tehran – Iran’s").leadingScalars(256) == "Tehran – Iran’s")
        #expect(Substring("").leadingScalars(4) == "")
    }

    @Test func theCutCountsScalarsOfEveryWidth() {
        // 1, 2, 3 and 4 bytes of UTF-8: the cut is after the n-th scalar, never inside one.
        let text = Substring("aé–𝄞b")
        #expect(text.leadingScalars(1) == "a")
        #expect(text.leadingScalars(2) == "aé")
        #expect(text.leadingScalars(3) == "aé–")
        #expect(text.leadingScalars(4) == "aé–𝄞")
        #expect(text.leadingScalars(5) == "aé–𝄞b")
    }

    @Test func theCutMaySplitACharacterAndKeepsItsFirstScalar() {
        // "é" as e + U+0301: the cut keeps the "e" and leaves its accent.
        let text = Substring("abe\u{301}c")
        #expect(Array(text.leadingScalars(3).unicodeScalars) == ["a", "b", "e"])
        #expect(Array(text.leadingScalars(4).unicodeScalars) == ["a", "b", "e", "\u{301}"])
    }

    @Test func aSliceIsCutFromItsOwnStart() {
        let slice = "skip this: keep".dropFirst(5)
        #expect(slice.leadingScalars(4) == "this")
    }
}
