import Testing
@testable import TidingsCore

@Suite struct ShingleSetTests {
    @Test func shinglesAreFiveWordWindows() {
        #expect(ShingleSet(body: "one two three four five six seven").count == 3)
    }

    @Test func shortTextHasOneShingle() {
        #expect(ShingleSet(body: "just three words").count == 1)
        #expect(ShingleSet(body: "").count == 0)
    }

    @Test func hashesAreSortedDistinctAndStable() {
        let set = ShingleSet(body: "a b c d e a b c d e a b c d e")
        #expect(set.hashes == set.hashes.sorted())
        #expect(Set(set.hashes).count == set.count)
        #expect(set.count == 5)
    }

    /// Hashes are stored in the index, so they must not change between processes or
    /// versions: FNV-1a's published test vectors pin the word hash down.
    @Test func wordHashIsFNV1a() {
        #expect(StableHash.word("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.word("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.word("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func sampleIsTheSameSubsetInBothCopies() {
        let long = (0..<400).map { "w\($0)" }.joined(separator: " ")
        let prefix = (0..<200).map { "w\($0)" }.joined(separator: " ")
        let sampleOfPrefix = Set(ShingleSet(body: prefix).lookupSample)
        #expect(!sampleOfPrefix.isEmpty)
        #expect(sampleOfPrefix.isSubset(of: Set(ShingleSet(body: long).lookupSample)))
    }

    /// Long texts are sampled more sparsely, with a modulus that holds ~24 samples or more,
    /// and a coarser sample is a subset of the finer one a copy looks itself up with.
    @Test func longerTextsAreSampledMoreSparsely() {
        let short = ShingleSet(body: (0..<150).map { "w\($0)" }.joined(separator: " "))
        let long = ShingleSet(body: (0..<2000).map { "w\($0)" }.joined(separator: " "))
        #expect(short.indexModulus == ShingleSet.finestModulus)
        #expect(long.indexModulus == ShingleSet.coarsestModulus)
        #expect(long.indexSample.count >= ShingleSet.targetSampleSize)
        #expect(Set(long.indexSample).isSubset(of: Set(long.lookupSample)))
        #expect(long.indexSample.allSatisfy { $0 % long.indexModulus == 0 })
    }
}
