/// When two texts count as the same article. The defaults come from the labelled corpus of
/// `make bench` (see the README's "Choosing the thresholds").
package struct DedupThresholds: Sendable, Equatable {
    /// A resemblance at or above this makes a near-duplicate.
    package var resemblance: Double
    /// A containment at or above this makes a near-duplicate…
    package var containment: Double
    /// …when the smaller text has at least this many shingles, so that a short quote or a
    /// one-line brief inside a long report is not taken for a copy of it.
    package var minimumContainedShingles: Int

    package init(resemblance: Double = 0.5, containment: Double = 0.8, minimumContainedShingles: Int = 40) {
        self.resemblance = resemblance
        self.containment = containment
        self.minimumContainedShingles = minimumContainedShingles
    }

    /// The score that makes `similarity` a near-duplicate, or nil when it is not one.
    /// Resemblance is reported when it decides, containment otherwise.
    package func nearDuplicateScore(_ similarity: Similarity) -> Double? {
        if similarity.resemblance >= resemblance { return similarity.resemblance }
        if similarity.containment >= containment, similarity.smallerCount >= minimumContainedShingles {
            return similarity.containment
        }
        return nil
    }
}
