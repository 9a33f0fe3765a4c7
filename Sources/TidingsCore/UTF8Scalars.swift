/// Decoding and encoding scalars over raw UTF-8, for the loops that read text byte by byte.
enum UTF8Scalars {
    /// Calls `body` with each scalar of valid UTF-8 (a `String`'s bytes) and the byte range
    /// it occupies.
    @inline(__always)
    static func forEach(in bytes: UnsafeBufferPointer<UInt8>, _ body: (_ value: UInt32, _ start: Int, _ end: Int) -> Void) {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            var value = UInt32(lead)
            var length = 1
            if lead >= 0xF0 {
                length = 4; value &= 0x07
            } else if lead >= 0xE0 {
                length = 3; value &= 0x0F
            } else if lead >= 0xC0 {
                length = 2; value &= 0x1F
            }
            for offset in 1..<max(1, length) {
                value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
            }
            body(value, index, index + length)
            index += length
        }
    }

    static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(0xC0 | UInt8(value >> 6))
            out.append(0x80 | UInt8(value & 0x3F))
        case 0x800..<0x10000:
            out.append(0xE0 | UInt8(value >> 12))
            out.append(0x80 | UInt8(value >> 6 & 0x3F))
            out.append(0x80 | UInt8(value & 0x3F))
        default:
            out.append(0xF0 | UInt8(value >> 18))
            out.append(0x80 | UInt8(value >> 12 & 0x3F))
            out.append(0x80 | UInt8(value >> 6 & 0x3F))
            out.append(0x80 | UInt8(value & 0x3F))
        }
    }
}
