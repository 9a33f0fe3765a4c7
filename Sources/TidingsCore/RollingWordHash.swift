/// A hash of the last `width` words of a sequence, updated in constant time per word (a
/// polynomial rolling hash over word hashes), for finding equal runs of words without
/// comparing every pair of places.
struct RollingWordHash {
    let width: Int
    private var window: [UInt64] = []
    private var next = 0
    private var hash: UInt64 = 0
    /// base^width, to take the oldest word out.
    private let outgoing: UInt64
    private static let base: UInt64 = 0x100_0000_01B3

    init(width: Int) {
        self.width = width
        var power: UInt64 = 1
        for _ in 0..<width { power = power &* Self.base }
        outgoing = power
        window.reserveCapacity(width)
    }

    /// Adds a word; returns the hash of the last `width` words once there are that many.
    mutating func push(_ word: UInt64) -> UInt64? {
        let mixed = StableHash.mix(word)
        hash = hash &* Self.base &+ mixed
        if window.count < width {
            window.append(mixed)
            return window.count == width ? hash : nil
        }
        hash = hash &- window[next] &* outgoing
        window[next] = mixed
        next = (next + 1) % width
        return hash
    }
}
