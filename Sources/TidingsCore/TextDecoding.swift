/// Turns a file's bytes into text: BOM-aware, strict about invalid bytes, line ends unified.
///
/// Accepted: UTF-8 with or without a byte-order mark, UTF-16 (LE or BE) with a byte-order
/// mark. CRLF and lone CR become LF. Anything else is a ``Rejection`` that names the byte
/// offset, unless ``InvalidUTF8Policy/windows1252`` is configured for BOM-less input.
package enum TextDecoding {
    /// Decodes `bytes`, or explains why they are not text.
    package static func decode(
        _ bytes: [UInt8], invalidUTF8: InvalidUTF8Policy = .reject
    ) throws(Rejection) -> String {
        if bytes.isEmpty { throw Rejection(.empty, "empty file") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try decodeUTF8(bytes[3...], offsetBase: 3, invalidUTF8: invalidUTF8)
        }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            throw Rejection(.invalidEncoding, "unsupported encoding (UTF-32 byte-order mark)")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return try decodeUTF16(bytes[2...], bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return try decodeUTF16(bytes[2...], bigEndian: true) }
        return try decodeUTF8(bytes[...], offsetBase: 0, invalidUTF8: invalidUTF8)
    }

    private static func decodeUTF8(
        _ bytes: ArraySlice<UInt8>, offsetBase: Int, invalidUTF8: InvalidUTF8Policy
    ) throws(Rejection) -> String {
        if let nul = bytes.firstIndex(of: 0) {
            throw Rejection(.notText, "not text (NUL byte at offset \(nul))")
        }
        if let bad = firstInvalidUTF8Offset(bytes) {
            switch invalidUTF8 {
            case .reject:
                throw Rejection(.invalidEncoding, "invalid UTF-8 at byte offset \(offsetBase + bad)")
            case .windows1252:
                return unifyLineEnds(Windows1252.decode(bytes))
            }
        }
        return unifyLineEnds(bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) })
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) throws(Rejection) -> String {
        if bytes.count % 2 != 0 {
            throw Rejection(.invalidEncoding, "invalid UTF-16 (odd number of bytes: \(bytes.count + 2))")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        var unitOffset = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar.value == 0 {
                    throw Rejection(.notText, "not text (NUL character at byte offset \(2 + unitOffset * 2))")
                }
                scalars.append(scalar)
                unitOffset += scalar.utf16.count
            case .emptyInput:
                break loop
            case .error:
                throw Rejection(.invalidEncoding, "invalid UTF-16 (unpaired surrogate at byte offset \(2 + unitOffset * 2))")
            }
        }
        return unifyLineEnds(String(scalars))
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and values above U+10FFFF are ill-formed), or nil.
    static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var i = 0
            let n = buffer.count
            while i < n {
                let lead = buffer[i]
                if lead < 0x80 { i += 1; continue }
                let length: Int
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return i
                }
                if i + length > n { return i }
                let second = buffer[i + 1]
                if second < lower || second > upper { return i }
                for k in 2..<length where buffer[i + k] & 0xC0 != 0x80 { return i }
                i += length
            }
            return nil
        }
    }

    /// Replaces CRLF and lone CR with LF. Over the UTF-8 bytes: CR and LF never occur inside a
    /// multi-byte sequence, and appending scalar by scalar was slow for agencies' CRLF files.
    static func unifyLineEnds(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\n"))
                previousWasCR = true
                continue
            }
            if byte == UInt8(ascii: "\n") && previousWasCR { previousWasCR = false; continue }
            previousWasCR = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
