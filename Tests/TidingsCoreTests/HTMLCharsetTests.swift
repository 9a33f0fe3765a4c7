import Testing
@testable import TidingsCore

/// Pages in legacy character sets decode as a browser would decode them.
@Suite struct HTMLCharsetTests {
    func decoded(_ bytes: [UInt8]) -> (text: String, encoding: String) {
        let result = HTMLCharset.decode(bytes)
        return (String(decoding: result.utf8, as: UTF8.self), result.encoding)
    }

    func page(_ head: String, _ body: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)</head><body><p>".utf8) + body + Array("</p></body></html>".utf8)
    }

    @Test func metaCharsetNamesTheEncoding() {
        // "Привет" in KOI8-R.
        let result = decoded(page(#"<meta charset="koi8-r">"#, [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]))
        #expect(result.encoding == "KOI8-R")
        #expect(result.text.contains("<p>Привет</p>"))
    }

    @Test func httpEquivContentTypeNamesTheEncoding() {
        // "Zażółć" in ISO-8859-2, declared with a quoted charset parameter.
        let head = #"<META HTTP-EQUIV="Content-Type" CONTENT='text/html; charset="ISO-8859-2"'>"#
        let result = decoded(page(head, [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6]))
        #expect(result.encoding == "ISO-8859-2")
        #expect(result.text.contains("Zażółć"))
    }

    @Test func anXMLDeclarationNamesTheEncoding() {
        let bytes = Array(#"<?xml version="1.0" encoding="windows-1251"?><html><body><p>"#.utf8) + [0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0]
        #expect(decoded(bytes).text.hasSuffix("<p>Москва"))
    }

    @Test func labelsAreReadAsTheEncodingStandardReadsThem() {
        // latin1 is windows-1252: 0x80 is the euro sign, not a C1 control.
        #expect(decoded(page(#"<meta charset="latin1">"#, [0x80])).text.contains("<p>€</p>"))
        // shift_jis is Windows-31J: 0x87 0x40 is ① there and undefined in plain Shift_JIS.
        #expect(decoded(page(#"<meta charset="shift_jis">"#, [0x87, 0x40])).text.contains("<p>①</p>"))
        // gb2312 is GBK: 0x81 0x40 (丂) is outside GB2312.
        #expect(decoded(page(#"<meta charset="gb2312">"#, [0x81, 0x40])).text.contains("<p>丂</p>"))
        #expect(HTMLCharset.Encoding(label: " ISO_8859-7 ")?.name == "ISO-8859-7")
        #expect(HTMLCharset.Encoding(label: "iso-8859-9")?.name == "windows-1254")
        #expect(HTMLCharset.Encoding(label: "cp1250")?.name == "windows-1250")
        #expect(HTMLCharset.Encoding(label: "x-no-such-thing") == nil)
    }

    @Test func aStatefulEncodingDecodes() {
        // "日本" in ISO-2022-JP: ESC $ B, two JIS X 0208 characters, ESC ( B.
        let bytes: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42]
        #expect(decoded(page(#"<meta charset="iso-2022-jp">"#, bytes)).text.contains("<p>日本</p>"))
    }

    @Test func validUTF8WinsOverAnOldDeclaration() {
        // Saved as UTF-8 by a tool that kept the Latin-1 declaration.
        let result = decoded(page(#"<meta charset="iso-8859-1">"#, Array("sequía".utf8)))
        #expect(result.encoding == "UTF-8")
        #expect(result.text.contains("<p>sequía</p>"))
    }

    @Test func withoutADeclarationInvalidUTF8IsWindows1252() {
        let result = decoded(page("", [0x93, 0x48, 0x69, 0x94]))
        #expect(result.encoding == "windows-1252")
        #expect(result.text.contains("<p>“Hi”</p>"))
    }

    @Test func aDeclarationInsideACommentIsNotRead() {
        let result = decoded(page(#"<!-- <meta charset="koi8-r"> --><meta charset="windows-1251">"#, [0xCC]))
        #expect(result.encoding == "windows-1251")
        #expect(result.text.contains("<p>М</p>"))
    }

    @Test func bytesTheEncodingDoesNotDefineBecomeReplacementCharacters() {
        // A Shift_JIS lead byte cut off at the end of the page, and one undefined byte.
        let result = decoded(Array(#"<meta charset="shift_jis"><p>a"#.utf8) + [0xA0, 0x62, 0x82])
        #expect(result.text.hasSuffix("<p>a\u{FFFD}b\u{FFFD}"))
    }

    @Test func byteOrderMarksComeFirst() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<p>Ωmega</p>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(decoded(utf16).text == "<p>Ωmega</p>")
        let utf8: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"<meta charset="koi8-r"><p>Ωmega</p>"#.utf8)
        #expect(decoded(utf8) == (#"<meta charset="koi8-r"><p>Ωmega</p>"#, "UTF-8"))
    }
}
