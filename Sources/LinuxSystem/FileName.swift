/// A name in a directory as the kernel has it: bytes, which need not be UTF-8. A file
/// delivered under a Latin-1 name is a file all the same: it is read by its bytes and
/// shown with the bytes that are not UTF-8 as `\xNN`.
package struct FileName: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    package let bytes: [UInt8]

    package init(bytes: some Sequence<UInt8>) { self.bytes = Array(bytes) }

    package init(_ text: String) { bytes = Array(text.utf8) }

    package init(stringLiteral text: String) { self.init(text) }

    package init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }

    // MARK: A path relative to a directory (an entry of an inbox tree: `feed/2026-12-01/a.txt`)

    /// The names it is made of, from the top.
    package var components: [FileName] {
        bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { FileName(bytes: $0) }
    }

    /// The folder it is in (empty at the top) and its own name.
    package var split: (folder: FileName, name: FileName) {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return (FileName(bytes: []), self) }
        return (FileName(bytes: bytes[..<slash]), FileName(bytes: bytes[(slash + 1)...]))
    }

    /// `name` inside this folder (`name` itself inside the top).
    package func appending(_ name: FileName) -> FileName {
        bytes.isEmpty ? name : FileName(bytes: bytes + [UInt8(ascii: "/")] + name.bytes)
    }

    /// Calls `body` with the name as a NUL-terminated C string.
    package func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// Whether the name is valid UTF-8 (then ``description`` is the name itself).
    package var isUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// The name as text: itself when it is UTF-8, else with each byte that is not part of a
    /// valid UTF-8 sequence written `\xNN`.
    package var description: String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var index = 0
        while index < bytes.count {
            let length = Self.sequenceLength(bytes, at: index)
            if length > 0 {
                out += String(decoding: bytes[index..<(index + length)], as: UTF8.self)
                index += length
            } else {
                let hex = String(bytes[index], radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                index += 1
            }
        }
        return out
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or 0 when there is none.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        let length = first < 0x80 ? 1 : first >> 5 == 0b110 ? 2 : first >> 4 == 0b1110 ? 3 : first >> 3 == 0b11110 ? 4 : 0
        guard length > 0, index + length <= bytes.count else { return 0 }
        return String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil ? length : 0
    }
}
