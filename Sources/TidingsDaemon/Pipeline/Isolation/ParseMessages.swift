import TidingsCore

/// What the daemon asks a parse worker: parse these bytes, within these limits.
struct ParseRequest: Equatable {
    var limits: ParserLimits
    /// The format to try first (see ``ArticleParser/preferred``).
    var preferred: ArticleFormat?
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
        writer.optionalString(preferred?.rawValue)
        writer.string(name)
        writer.data(bytes)
        return writer.frame
    }

    init(limits: ParserLimits, preferred: ArticleFormat? = nil, name: String, bytes: [UInt8]) {
        self.limits = limits
        self.preferred = preferred
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
        if let format = try reader.optionalString() {
            guard let known = ArticleFormat(rawValue: format) else { throw WireFormatError() }
            preferred = known
        }
        name = try reader.string()
        bytes = try reader.data()
        guard reader.isAtEnd else { throw WireFormatError() }
    }
}

/// What a parse worker answers: the file's contents — each article with its fingerprint
/// (without the raw bytes, which the daemon has), or why it was rejected — one for most
/// files, one an item for a file that carries several.
package struct ParseResponse: Sendable, Equatable {
    package var contents: [IngestItem.Content]

    package init(_ contents: [IngestItem.Content]) {
        precondition(!contents.isEmpty)
        self.contents = contents
    }

    package static func article(_ article: ParsedArticle, _ fingerprint: Fingerprint) -> ParseResponse {
        ParseResponse([.article(article, fingerprint)])
    }

    package static func rejected(_ rejection: Rejection) -> ParseResponse { ParseResponse([.rejected(rejection)]) }

    /// The whole file's rejection, when that is what it is.
    package var rejection: Rejection? {
        if contents.count == 1, case .rejected(let rejection) = contents[0] { return rejection }
        return nil
    }

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.integer(UInt32(contents.count))
        for content in contents {
            switch content {
            case .article(let article, let fingerprint):
                writer.integer(UInt8(0))
                for field in [article.title, article.source, article.dateline, article.byline, article.published, article.language, article.url, article.extraction, article.guid, article.status?.rawValue] {
                    writer.optionalString(field)
                }
                writer.integer(Int64(article.version ?? Int(Int64.min)))
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
        }
        return writer.frame
    }

    /// Reads a response; each article gets `raw` as its bytes.
    init(decoding message: [UInt8], raw: [UInt8]) throws(WireFormatError) {
        var reader = WireReader(message)
        let count = Int(try reader.integer(UInt32.self))
        guard count >= 1, count <= message.count else { throw WireFormatError() }
        contents = try (0..<count).map { _ throws(WireFormatError) in try Self.content(&reader, raw: raw, limit: message.count) }
        guard reader.isAtEnd else { throw WireFormatError() }
    }

    private static func content(_ reader: inout WireReader, raw: [UInt8], limit: Int) throws(WireFormatError) -> IngestItem.Content {
        switch try reader.integer(UInt8.self) {
        case 0:
            let fields = try (0..<10).map { _ throws(WireFormatError) in try reader.optionalString() }
            let version = try reader.integer(Int64.self)
            guard let format = ArticleFormat(rawValue: try reader.string()) else { throw WireFormatError() }
            let paragraphs = try reader.strings()
            let sha = try reader.string()
            let count = Int(try reader.integer(UInt32.self))
            guard count <= limit / 8 else { throw WireFormatError() }
            let hashes = try (0..<count).map { _ throws(WireFormatError) in try reader.integer(UInt64.self) }
            var article = ParsedArticle(
                title: fields[0], source: fields[1], dateline: fields[2], byline: fields[3], published: fields[4],
                language: fields[5], url: fields[6], format: format, paragraphs: paragraphs, raw: raw)
            article.extraction = fields[7]
            article.guid = fields[8]
            article.status = fields[9].flatMap(PublicationStatus.init(rawValue:))
            article.version = version == Int64.min ? nil : Int(version)
            return .article(article, Fingerprint(bodySHA256: sha, shingles: ShingleSet(hashes: hashes)))
        case 1:
            guard let code = Rejection.Code(rawValue: try reader.string()) else { throw WireFormatError() }
            return .rejected(Rejection(code, try reader.string()))
        default:
            throw WireFormatError()
        }
    }
}
