/// How alike two texts are, by their shingles (Broder 1997).
package struct Similarity: Sendable, Equatable {
    /// Jaccard: shared shingles over all shingles. High for the same text lightly edited.
    package let resemblance: Double
    /// Shared shingles over the smaller text's shingles. High when one text is (nearly)
    /// inside the other: a truncated copy, or a copy wrapped in another site's chrome.
    package let containment: Double
    /// The size of the smaller set, so a containment of a few shingles can be discounted.
    package let smallerCount: Int

    package init(_ a: ShingleSet, _ b: ShingleSet) {
        let shared = a.intersectionCount(with: b)
        let union = a.count + b.count - shared
        smallerCount = min(a.count, b.count)
        resemblance = union == 0 ? 1 : Double(shared) / Double(union)
        containment = smallerCount == 0 ? (union == 0 ? 1 : 0) : Double(shared) / Double(smallerCount)
    }
}
