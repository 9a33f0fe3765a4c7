/// Hashes that are the same in every process and on every machine, unlike `Hasher`, so
/// they can be stored in the index and compared across runs.
enum StableHash {
    /// 64-bit FNV-1a of a word's UTF-8 bytes.
    static func word(_ word: Substring) -> UInt64 {
        word.utf8.reduce(fnvOffsetBasis, fnvStep)
    }

    static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One byte of FNV-1a.
    @inline(__always)
    static func fnvStep(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    /// The SplitMix64 finaliser: spreads the bits of `value` over the whole word.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
