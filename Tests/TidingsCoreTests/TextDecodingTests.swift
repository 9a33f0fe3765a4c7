import Testing
@testable import TidingsCore

@Suite struct TextDecodingTests {
    @Test func plainUTF8IsDecodedAsIs() throws {
        #expect(try TextDecoding.decode(Array("Tehran – Iran’s".utf8)) == "Tehran – Iran’s")
    }

    @Test func utf8ByteOrderMarkIsStripped() throws {
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("héllo".utf8)) == "héllo")
    }

    @Test func utf16WithByteOrderMarkIsDecodedInBothByteOrders() throws {
        let text = "Iran’s “news”\nline 2 𝄞"
        let units = Array(text.utf16)
        let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decode(little) == text)
        #expect(try TextDecoding.decode(big) == text)
    }

    @Test func crlfAndLoneCRBecomeLF() throws {
        #expect(try TextDecoding.decode(Array("a\r\nb\rc\n\r\nd".utf8)) == "a\nb\nc\n\nd")
        // Line ends are replaced byte by byte: the characters around them, of two to four
        // bytes, and a final lone CR come through whole.
        #expect(try TextDecoding.decode(Array("é\r\nжи\r€\r\n\r𝄞\r".utf8)) == "é\nжи\n€\n\n𝄞\n")
        // A Windows-1252 file's CRLF too (0x80 is €).
        #expect(try TextDecoding.decode([0x80, 0x0D, 0x0A, 0x41, 0x0D], invalidUTF8: .windows1252) == "€\nA\n")
    }

    @Test func emptyFileIsRejected() {
        #expect(throws: Rejection(.empty, "empty file")) { try TextDecoding.decode([]) }
    }

    @Test func nulByteMeansNotTextAndNamesTheOffset() {
        let bytes = Array("seventeen bytes..".utf8) + [0, 1, 2]
        #expect(throws: Rejection(.notText, "not text (NUL byte at offset 17)")) { try TextDecoding.decode(bytes) }
    }

    @Test(arguments: [
        ([0x61, 0x62, 0xFF, 0x63] as [UInt8], 2),       // a byte that is never UTF-8
        ([0x61, 0xC3] as [UInt8], 1),                   // truncated sequence at the end
        ([0x61, 0xC0, 0xAF] as [UInt8], 1),             // overlong "/"
        ([0x61, 0x61, 0xED, 0xA0, 0x80] as [UInt8], 2), // UTF-16 surrogate encoded in UTF-8
        ([0xF4, 0x90, 0x80, 0x80] as [UInt8], 0),       // above U+10FFFF
    ])
    func invalidUTF8IsRejectedWithItsOffset(bytes: [UInt8], offset: Int) {
        #expect(throws: Rejection(.invalidEncoding, "invalid UTF-8 at byte offset \(offset)")) { try TextDecoding.decode(bytes) }
    }

    @Test func invalidUTF8OffsetCountsTheByteOrderMark() {
        #expect(throws: Rejection(.invalidEncoding, "invalid UTF-8 at byte offset 4")) {
            try TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x61, 0xFF])
        }
    }

    @Test func windows1252FallbackDecodesLegacyBytes() throws {
        // "Iran’s “caf\u{e9}” – €5" in Windows-1252
        let bytes: [UInt8] = [0x49, 0x72, 0x61, 0x6E, 0x92, 0x73, 0x20, 0x93, 0x63, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35]
        #expect(try TextDecoding.decode(bytes, invalidUTF8: .windows1252) == "Iran’s “café” – €5")
    }

    @Test func fallbackDoesNotApplyToValidUTF8() throws {
        #expect(try TextDecoding.decode(Array("café".utf8), invalidUTF8: .windows1252) == "café")
    }

    @Test func utf16WithUnpairedSurrogateIsRejected() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00]
        #expect(throws: Rejection(.invalidEncoding, "invalid UTF-16 (unpaired surrogate at byte offset 4)")) { try TextDecoding.decode(bytes) }
    }

    @Test func utf16WithOddLengthIsRejected() {
        #expect(throws: Rejection(.invalidEncoding, "invalid UTF-16 (odd number of bytes: 5)")) {
            try TextDecoding.decode([0xFF, 0xFE, 0x61, 0x00, 0x62])
        }
    }
}
