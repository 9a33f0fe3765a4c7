/// Where the deduplicator looks things up: the store, inside its write transaction, so that
/// files earlier in the same batch are seen.
package protocol CandidateSource {
    /// The article whose normalised body has this SHA-256, if any.
    func article(withBodySHA256 hash: String) throws -> Int64?
    /// For each article that shares index samples with a text, how many it shares. At most
    /// `perSampleLimit` articles are read per sample, which bounds the cost of a lookup
    /// whatever the store's size.
    func sharedSampleCounts(_ samples: [UInt64], perSampleLimit: Int) throws -> [Int64: Int]
    /// How many index samples a stored article has, and the modulus they were taken with.
    func indexedSample(ofArticle id: Int64) throws -> (count: Int, modulus: UInt64)
    /// A stored article's shingles, for verification, and the canonical article it belongs
    /// to (itself when it is canonical).
    func storedShingles(ofArticle id: Int64) throws -> (canonicalID: Int64, shingles: ShingleSet)
}

/// What the deduplicator decided for one text.
package enum Verdict: Sendable, Equatable {
    case new
    /// The same normalised body is stored already, as this article.
    case duplicate(of: Int64)
    /// Verified near-duplicate of the canonical article `of`.
    case nearDuplicate(of: Int64, similarity: Double)
}

/// Classifies a fingerprint against the store: exact, near-duplicate or new.
///
/// Candidates come from the sample index. The samples two texts share, over the smaller
/// text's sample taken with the stored article's modulus, estimate their containment
/// (Broder's MOD-m estimator); candidates whose
/// estimate is far below every threshold are dropped, and every remaining candidate is
/// verified on its full shingle set before a verdict, so a verdict is never a guess.
package struct Deduplicator: Sendable {
    package var thresholds: DedupThresholds
    /// At most this many candidates (those sharing the most samples) are verified.
    package var maxVerified: Int
    package var perSampleLimit: Int
    /// Below this many samples in the smaller text the estimate is too noisy to drop a
    /// candidate on, so it is verified whatever it shares.
    static let minimumSamplesToEstimate = 8
    /// A candidate is verified when its estimated containment reaches this share of the
    /// lowest threshold. The slack absorbs the estimator's sampling noise.
    static let estimateSlack = 0.6

    package init(thresholds: DedupThresholds = DedupThresholds(), maxVerified: Int = 8, perSampleLimit: Int = 64) {
        self.thresholds = thresholds
        self.maxVerified = maxVerified
        self.perSampleLimit = perSampleLimit
    }

    package func classify(_ fingerprint: Fingerprint, in source: some CandidateSource) throws -> Verdict {
        if let existing = try source.article(withBodySHA256: fingerprint.bodySHA256) {
            return .duplicate(of: existing)
        }
        let samples = fingerprint.shingles.lookupSample
        guard !samples.isEmpty else { return .new }
        let candidates = try source.sharedSampleCounts(samples, perSampleLimit: perSampleLimit)
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .prefix(maxVerified)
        var best: (canonical: Int64, score: Double)?
        let floor = Self.estimateSlack * min(thresholds.resemblance, thresholds.containment)
        for (articleID, shared) in candidates {
            let stored = try source.indexedSample(ofArticle: articleID)
            let smaller = min(samples.count { $0 % stored.modulus == 0 }, stored.count)
            if smaller >= Self.minimumSamplesToEstimate, Double(shared) / Double(smaller) < floor { continue }
            let verified = try source.storedShingles(ofArticle: articleID)
            guard let score = thresholds.nearDuplicateScore(Similarity(fingerprint.shingles, verified.shingles)) else { continue }
            if score > best?.score ?? -1 { best = (verified.canonicalID, score) }
        }
        if let best { return .nearDuplicate(of: best.canonical, similarity: best.score) }
        return .new
    }
}
