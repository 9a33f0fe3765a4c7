import Crypto

/// What deduplication knows about a body: its exact identity and its shingles.
package struct Fingerprint: Sendable, Equatable {
    /// SHA-256 (hex) of the normalised body: equal for exact duplicates.
    package let bodySHA256: String
    /// The word shingles of the normalised body: compared for near-duplicates.
    package let shingles: ShingleSet

    /// A fingerprint computed elsewhere (a parse worker).
    package init(bodySHA256: String, shingles: ShingleSet) {
        self.bodySHA256 = bodySHA256
        self.shingles = shingles
    }

    /// Fingerprints a body (the article's text, boilerplate and dateline already removed).
    package init(body: String) {
        let normalized = TextNormalizer.normalize(body)
        bodySHA256 = SHA256Hex.of(Array(normalized.utf8))
        shingles = ShingleSet(normalized: normalized)
    }
}

/// SHA-256 as lowercase hex, the way `sha256sum` prints it.
package enum SHA256Hex {
    package static func of(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
