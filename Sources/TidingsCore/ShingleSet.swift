/// The set of word shingles of a text, as sorted, distinct 64-bit hashes.
///
/// A shingle is a run of ``width`` consecutive words (Broder 1997). A text shorter than
/// that has one shingle, of all its words, so that short texts still compare.
public struct ShingleSet: Sendable, Equatable {
    /// Words per shingle.
    public static let width = 5
    /// One shingle in ``sampleModulus`` goes into the candidate index: Broder's MOD-m sample,
    /// which estimates both resemblance and containment, and is the same subset of shared
    /// shingles in both texts, so a copy shares its sample with the original.
    public static let sampleModulus: UInt64 = 8

    /// The sorted, distinct shingle hashes.
    public let hashes: [UInt64]

    public init(words: [Substring]) {
        self.init(wordHashes: words.map(StableHash.word))
    }

    /// The shingles of a text already normalised by ``TextNormalizer``.
    public init(normalized: String) {
        self.init(wordHashes: Self.asciiWordHashes(normalized) ?? Self.wordHashes(normalized))
    }

    /// ``StableHash/word(_:)`` of each word, in order.
    static func wordHashes(_ normalized: String) -> [UInt64] {
        var hashes: [UInt64] = []
        TextNormalizer.forEachWord(in: normalized) { hashes.append(StableHash.word($0)) }
        return hashes
    }

    /// The same for ASCII text, in one pass over its bytes: its words are the runs of
    /// letters and digits, and FNV-1a is computed as each byte goes by. Nil when the text
    /// is not ASCII.
    static func asciiWordHashes(_ normalized: String) -> [UInt64]? {
        var normalized = normalized
        return normalized.withUTF8 { bytes -> [UInt64]? in
            var hashes: [UInt64] = []
            hashes.reserveCapacity(bytes.count / 5)
            var hash = StableHash.fnvOffsetBasis
            var inWord = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                let isWordByte = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                if isWordByte {
                    if !inWord { hash = StableHash.fnvOffsetBasis; inWord = true }
                    hash = StableHash.fnvStep(hash, byte)
                } else if inWord {
                    hashes.append(hash)
                    inWord = false
                }
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

    /// The shingles of a body, normalised the way ``Fingerprint`` normalises it.
    public init(body: String) {
        self.init(normalized: TextNormalizer.normalize(body))
    }

    public var count: Int { hashes.count }

    /// The hashes that go into the candidate index.
    public var sample: [UInt64] { hashes.filter { $0 % Self.sampleModulus == 0 } }

    /// How many shingles the two sets share (a linear merge of sorted arrays).
    public func intersectionCount(with other: ShingleSet) -> Int {
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
