/// The set of word shingles of a text, as sorted, distinct 64-bit hashes.
///
/// A shingle is a run of ``width`` consecutive words (Broder 1997). A text shorter than
/// that has one shingle, of all its words, so that short texts still compare.
package struct ShingleSet: Sendable, Equatable {
    /// Words per shingle.
    package static let width = 5
    /// The candidate index holds Broder's MOD-m sample of each text: the shingles whose hash
    /// is a multiple of m. It estimates both resemblance and containment, and it is the same
    /// subset of shared shingles in both texts, so a copy shares its sample with the original.
    ///
    /// Every index row costs a random B-tree insert, the largest part of a commit, so longer
    /// texts are sampled more sparsely: m doubles from 8 up to 32 while the sample keeps at
    /// least ``targetSampleSize`` shingles. The moduli are powers of two, so a coarser sample
    /// is a subset of a finer one and a text looks itself up with the finest.
    package static let finestModulus: UInt64 = 8
    package static let coarsestModulus: UInt64 = 32
    package static let targetSampleSize = 24

    /// The sorted, distinct shingle hashes.
    package let hashes: [UInt64]

    package init(words: [Substring]) {
        self.init(wordHashes: words.map(StableHash.word))
    }

    /// The shingles of a text already normalised by ``TextNormalizer``.
    package init(normalized: String) {
        self.init(wordHashes: Self.wordHashes(normalized))
    }

    /// ``StableHash/word(_:)`` of each word of ``TextNormalizer/words(_:)``, in
    /// order, in one pass over the UTF-8 bytes: FNV-1a is computed as each byte goes by,
    /// without making the words (a test holds the two equal).
    static func wordHashes(_ normalized: String) -> [UInt64] {
        var normalized = normalized
        return normalized.withUTF8 { bytes in
            var hashes: [UInt64] = []
            hashes.reserveCapacity(bytes.count / 5)
            var hash = StableHash.fnvOffsetBasis
            var inWord = false
            let table = ScalarTable.lookup
            UTF8Scalars.forEach(in: bytes) { value, start, end in
                let wordClass = table.wordClass(value)
                if wordClass != .letter, inWord {
                    hashes.append(hash)
                    inWord = false
                }
                guard wordClass != .other else { return }
                if !inWord { hash = StableHash.fnvOffsetBasis }
                for offset in start..<end { hash = StableHash.fnvStep(hash, bytes[offset]) }
                if wordClass == .unspaced { hashes.append(hash) } else { inWord = true }
            }
            if inWord { hashes.append(hash) }
            return hashes
        }
    }

    private init(wordHashes: [UInt64]) {
        var shingles: [UInt64] = []
        if wordHashes.count <= Self.width {
            if !wordHashes.isEmpty { shingles.append(Self.combine(wordHashes[...])) }
        } else {
            shingles.reserveCapacity(wordHashes.count - Self.width + 1)
            for start in 0...(wordHashes.count - Self.width) {
                shingles.append(Self.combine(wordHashes[start..<(start + Self.width)]))
            }
        }
        shingles.sort()
        hashes = Self.distinct(shingles)
    }

    /// A set received from elsewhere (a parse worker): sorted and made distinct here, so a
    /// malformed list cannot break the merge that compares sets.
    package init(hashes: [UInt64]) {
        let ascending = zip(hashes, hashes.dropFirst()).allSatisfy { $0 < $1 }
        self.hashes = ascending ? hashes : Self.distinct(hashes.sorted())
    }

    /// The shingles of a body, normalised the way ``Fingerprint`` normalises it.
    package init(body: String) {
        self.init(normalized: TextNormalizer.normalize(body))
    }

    package var count: Int { hashes.count }

    /// The modulus of this text's sample in the candidate index.
    package var indexModulus: UInt64 {
        var modulus = Self.finestModulus
        while modulus < Self.coarsestModulus, hashes.count / Int(modulus * 2) >= Self.targetSampleSize { modulus *= 2 }
        return modulus
    }

    /// The hashes that go into the candidate index.
    package var indexSample: [UInt64] { sample(modulus: indexModulus) }

    /// The hashes this text looks up in the candidate index: the finest sample, which holds
    /// every coarser one.
    package var lookupSample: [UInt64] { sample(modulus: Self.finestModulus) }

    /// The shingles whose hash is a multiple of `modulus`.
    package func sample(modulus: UInt64) -> [UInt64] { hashes.filter { $0 % modulus == 0 } }

    /// How many shingles the two sets share (a linear merge of sorted arrays).
    package func intersectionCount(with other: ShingleSet) -> Int {
        var i = 0, j = 0, shared = 0
        let a = hashes, b = other.hashes
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return shared
    }

    private static func combine(_ words: ArraySlice<UInt64>) -> UInt64 {
        var hash: UInt64 = 0
        for word in words { hash = StableHash.mix(hash ^ word) }
        return hash
    }

    private static func distinct(_ sorted: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(sorted.count)
        for value in sorted where out.last != value { out.append(value) }
        return out
    }
}
