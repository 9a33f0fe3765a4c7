import Testing
@testable import TidingsCore

@Suite struct SimilarityTests {
    func words(_ range: Range<Int>) -> String { range.map { "w\($0)" }.joined(separator: " ") }

    @Test func identicalTextsAreFullySimilar() {
        let a = ShingleSet(body: words(0..<100))
        let similarity = Similarity(a, a)
        #expect(similarity.resemblance == 1)
        #expect(similarity.containment == 1)
    }

    @Test func disjointTextsAreNotSimilar() {
        let similarity = Similarity(ShingleSet(body: words(0..<100)), ShingleSet(body: words(100..<200)))
        #expect(similarity.resemblance == 0)
        #expect(similarity.containment == 0)
    }

    @Test func aPrefixIsContainedButOnlyPartlyResembling() {
        let similarity = Similarity(ShingleSet(body: words(0..<104)), ShingleSet(body: words(0..<204)))
        #expect(similarity.containment == 1)
        #expect(abs(similarity.resemblance - 0.5) < 0.01)
        #expect(similarity.smallerCount == 100)
    }

    @Test func similarityIsSymmetricAndBounded() {
        let a = ShingleSet(body: words(0..<150)), b = ShingleSet(body: words(50..<300))
        #expect(Similarity(a, b) == Similarity(b, a))
        let s = Similarity(a, b)
        #expect((0...1).contains(s.resemblance) && (0...1).contains(s.containment))
        #expect(s.containment >= s.resemblance)
    }

    @Test func editsLowerResemblanceMonotonically() {
        var previous = 1.0
        var text = (0..<300).map { "w\($0)" }
        let original = ShingleSet(body: text.joined(separator: " "))
        for edit in stride(from: 10, to: 300, by: 30) {
            text[edit] = "changed\(edit)"
            let resemblance = Similarity(original, ShingleSet(body: text.joined(separator: " "))).resemblance
            #expect(resemblance < previous)
            previous = resemblance
        }
    }
}
