import TidingsCore

/// One fuzz target: what is done with one input, and the invariants checked on the way.
///
/// The same targets run under libFuzzer (`make fuzz`, `scripts/fuzz`) and, input by input,
/// in the tests, which replay the checked-in corpus and every input that once broke an
/// invariant (`Fuzz/corpus/TARGET/`, `Fuzz/regressions/TARGET/`).
public struct FuzzTarget: Sendable {
    public let name: String
    /// Throws ``InvariantViolation`` when the input breaks a promise. Rejections are not
    /// violations: turning bad input into a clear rejection is what the parsers are for.
    public let run: @Sendable ([UInt8]) throws(InvariantViolation) -> Void

    public static let all: [FuzzTarget] = [text, json, html, xml, anpa, email, windows1252, normalize, similarity]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// A promise broken by one input.
public struct InvariantViolation: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(InvariantViolation) {
    if !condition { throw InvariantViolation(message()) }
}

extension FuzzTarget {
    /// Plain-text wire copy: anything whose first visible byte does not announce JSON or markup.
    static let text = FuzzTarget(name: "text") { bytes throws(InvariantViolation) in
        guard !startsWithStructure(bytes) else { return }
        try parse(bytes, with: ArticleParser())
    }

    /// JSON and ninjs objects: an input that does not open an object is given a `{`, so
    /// that no run is spent on another format.
    static let json = FuzzTarget(name: "json") { bytes throws(InvariantViolation) in
        let object = firstVisibleByte(bytes) == UInt8(ascii: "{") ? bytes : [UInt8(ascii: "{")] + bytes
        try parse(object, with: ArticleParser())
    }

    /// HTML pages in any charset: an input that does not open with markup is given
    /// `<html>`, so that every run reaches the HTML parser, the charset sniffer and the
    /// extractor (it starts from the 54 fixture pages in 19 charsets and two malformed ones).
    static let html = FuzzTarget(name: "html") { bytes throws(InvariantViolation) in
        let page = firstVisibleByte(bytes) == UInt8(ascii: "<") ? bytes : Array("<html>".utf8) + bytes
        try parse(page, with: ArticleParser())
    }

    /// The XML formats (NewsML-G2, NITF, NewsML 1.2, Atom, RSS, WordPress exports): an input
    /// that does not open with markup is given an XML declaration and a NewsML-G2 root, so
    /// every run reaches libxml2 and the readers (it starts from the format fixtures).
    static let xml = FuzzTarget(name: "xml") { bytes throws(InvariantViolation) in
        let document = firstVisibleByte(bytes) == UInt8(ascii: "<") ? bytes : Array("<?xml version=\"1.0\"?><newsItem>".utf8) + bytes
        try parse(document, with: ArticleParser())
    }

    /// ANPA-1312 and IPTC 7901 transmissions: every input is framed by `SOH` … `STX`, so that
    /// every run reaches the transmission reader.
    static let anpa = FuzzTarget(name: "anpa") { bytes throws(InvariantViolation) in
        let framed = bytes.first == 0x01 || bytes.first == 0x16 ? bytes : [0x01] + Array("a0001 r f BC-Fuzz 12-01 0100\r\n".utf8) + [0x02] + bytes
        try parse(framed, with: ArticleParser())
    }

    /// E-mail: an input that is not a message is given a header block, so that every run
    /// reaches the MIME reader (multipart boundaries, encodings, charsets).
    static let email = FuzzTarget(name: "email") { bytes throws(InvariantViolation) in
        let message = bytes.starts(with: Array("From".utf8)) ? bytes : Array("From: a@example.com\r\nSubject: Fuzz\r\n".utf8) + bytes
        try parse(message, with: ArticleParser())
    }

    /// Any bytes, with invalid UTF-8 read as Windows-1252 (legacy feeds): every input decodes.
    static let windows1252 = FuzzTarget(name: "windows-1252") { bytes throws(InvariantViolation) in
        var limits = ParserLimits()
        limits.invalidUTF8 = .windows1252
        try parse(bytes, with: ArticleParser(limits: limits))
    }

    /// The normal form is a fixed point, has no outer or doubled white space, and splits
    /// into non-empty words.
    static let normalize = FuzzTarget(name: "normalize") { bytes throws(InvariantViolation) in
        let normal = TextNormalizer.normalize(String(decoding: bytes, as: UTF8.self))
        try check(TextNormalizer.normalize(normal) == normal, "normalising twice changed the text: \(normal.debugDescription)")
        try check(!normal.hasPrefix(" ") && !normal.hasSuffix(" ") && !normal.contains("  "), "white space left in \(normal.debugDescription)")
        try check(TextNormalizer.words(normal).allSatisfy { !$0.isEmpty }, "an empty word in \(normal.debugDescription)")
    }

    /// Two texts (the input split at its first NUL byte): similarity is bounded, symmetric,
    /// 1 for a text with itself, and resemblance never exceeds containment.
    static let similarity = FuzzTarget(name: "similarity") { bytes throws(InvariantViolation) in
        let split = bytes.firstIndex(of: 0) ?? bytes.count / 2
        let a = ShingleSet(body: String(decoding: bytes[..<split], as: UTF8.self))
        let b = ShingleSet(body: String(decoding: bytes[min(split + 1, bytes.count)...], as: UTF8.self))
        let ab = Similarity(a, b), ba = Similarity(b, a)
        try check(ab == ba, "not symmetric: \(ab) against \(ba)")
        try check((0...1).contains(ab.resemblance) && (0...1).contains(ab.containment), "out of bounds: \(ab)")
        try check(ab.resemblance <= ab.containment, "resemblance above containment: \(ab)")
        try check(Similarity(a, a).resemblance == 1 && Similarity(a, a).containment == 1, "a text is not identical to itself")
        try check(zip(a.hashes, a.hashes.dropFirst()).allSatisfy { $0 < $1 }, "shingle hashes not sorted and distinct")
        try check(Set(a.indexSample).isSubset(of: Set(a.lookupSample)) && Set(a.lookupSample).isSubset(of: a.hashes), "the samples are not nested subsets of the shingles")
    }

    /// Parses, and checks what every parsed article of the file promises.
    private static func parse(_ bytes: [UInt8], with parser: ArticleParser) throws(InvariantViolation) {
        let items: [Result<ParsedArticle, Rejection>]
        do { items = try parser.parseItems(bytes) } catch {
            try check(!error.message.isEmpty, "a rejection without a reason")
            return
        }
        try check(!items.isEmpty, "a file with no item and no rejection")
        for item in items {
            switch item {
            case .success(let article): try checkArticle(article, of: bytes)
            case .failure(let rejection): try check(!rejection.message.isEmpty, "an item rejected without a reason")
            }
        }
    }

    private static func checkArticle(_ article: ParsedArticle, of bytes: [UInt8]) throws(InvariantViolation) {
        try check(article.raw == bytes, "the raw bytes were not kept as they came")
        try check(!article.body.isEmpty, "an article with an empty body")
        let fingerprint = Fingerprint(body: article.body)
        try check(fingerprint.bodySHA256.count == 64, "a malformed body hash")
        try check(Fingerprint(body: article.body) == fingerprint, "fingerprinting the same body twice differs")
    }

    private static func firstVisibleByte(_ bytes: [UInt8]) -> UInt8? {
        // A UTF-8 byte-order mark and ASCII white space come before the first visible byte.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }

    private static func startsWithStructure(_ bytes: [UInt8]) -> Bool {
        guard let first = firstVisibleByte(bytes) else { return false }
        return [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "<")].contains(first)
    }
}
