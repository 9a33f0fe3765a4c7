import TidingsCore

/// What the daemon asks a parse worker: parse these bytes, within these limits.
struct ParseRequest: Equatable {
    var limits: ParserLimits
    /// The file's name, a hint for format detection.
    var name: String
    var bytes: [UInt8]

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.integer(UInt64(limits.maxFileBytes))
        writer.integer(UInt32(limits.maxJSONDepth))
        writer.integer(UInt64(limits.maxLineBytes))
        writer.string(limits.invalidUTF8.rawValue)
        writer.integer(UInt32(limits.maxHTMLDepth))
        writer.integer(UInt32(limits.maxHTMLElements))
        writer.integer(UInt32(limits.maxHTMLAttributes))
        writer.string(name)
        writer.data(bytes)
        return writer.frame
    }

    init(limits: ParserLimits, name: String, bytes: [UInt8]) {
        self.limits = limits
        self.name = name
        self.bytes = bytes
    }

    init(decoding message: [UInt8]) throws(WireFormatError) {
        var reader = WireReader(message)
        limits = ParserLimits()
        limits.maxFileBytes = Int(try reader.integer(UInt64.self))
        limits.maxJSONDepth = Int(try reader.integer(UInt32.self))
        limits.maxLineBytes = Int(try reader.integer(UInt64.self))
        guard let policy = InvalidUTF8Policy(rawValue: try reader.string()) else { throw WireFormatError() }
        limits.invalidUTF8 = policy
        limits.maxHTMLDepth = Int(try reader.integer(UInt32.self))
        limits.maxHTMLElements = Int(try reader.integer(UInt32.self))
        limits.maxHTMLAttributes = Int(try reader.integer(UInt32.self))
        name = try reader.string()
        bytes = try reader.data()
        guard reader.isAtEnd else { throw WireFormatError() }
    }
}

/// What a parse worker answers: the article and its fingerprint (without the raw bytes,
/// which the daemon has), or why the file was rejected.
package enum ParseResponse: Sendable, Equatable {
    case article(ParsedArticle, Fingerprint)
    case rejected(Rejection)

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        switch self {
        case .article(let article, let fingerprint):
            writer.integer(UInt8(0))
            for field in [article.title, article.source, article.dateline, article.byline, article.published, article.language, article.url, article.extraction] {
                writer.optionalString(field)
            }
            writer.string(article.format.rawValue)
            writer.strings(article.paragraphs)
            writer.string(fingerprint.bodySHA256)
            writer.integer(UInt32(fingerprint.shingles.count))
            for hash in fingerprint.shingles.hashes { writer.integer(hash) }
        case .rejected(let rejection):
            writer.integer(UInt8(1))
            writer.string(rejection.code.rawValue)
            writer.string(rejection.message)
        }
        return writer.frame
    }

    /// Reads a response; the article gets `raw` as its bytes.
    init(decoding message: [UInt8], raw: [UInt8]) throws(WireFormatError) {
        var reader = WireReader(message)
        switch try reader.integer(UInt8.self) {
        case 0:
            let fields = try (0..<8).map { _ throws(WireFormatError) in try reader.optionalString() }
            guard let format = ArticleFormat(rawValue: try reader.string()) else { throw WireFormatError() }
            let paragraphs = try reader.strings()
            let sha = try reader.string()
            let count = Int(try reader.integer(UInt32.self))
            guard count <= message.count / 8 else { throw WireFormatError() }
            let hashes = try (0..<count).map { _ throws(WireFormatError) in try reader.integer(UInt64.self) }
            var article = ParsedArticle(
                title: fields[0], source: fields[1], dateline: fields[2], byline: fields[3], published: fields[4],
                language: fields[5], url: fields[6], format: format, paragraphs: paragraphs, raw: raw)
            article.extraction = fields[7]
            self = .article(article, Fingerprint(bodySHA256: sha, shingles: ShingleSet(hashes: hashes)))
        case 1:
            guard let code = Rejection.Code(rawValue: try reader.string()) else { throw WireFormatError() }
            self = .rejected(Rejection(code, try reader.string()))
        default:
            throw WireFormatError()
        }
        guard reader.isAtEnd else { throw WireFormatError() }
    }
}
