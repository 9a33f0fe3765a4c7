/// One file, read and parsed, on its way into the store.
public struct IngestItem: Sendable {
    /// What the file turned out to be.
    public enum Content: Sendable {
        case article(ParsedArticle, Fingerprint)
        case rejected(Rejection)
    }

    /// The file's name as the journal records it.
    public let file: String
    /// The file's size in bytes; nil when it could not be read at all.
    public let size: Int?
    /// SHA-256 (hex) of the file's bytes; nil when it could not be read at all.
    public let contentSHA256: String?
    public let content: Content
    /// When the journal already holds an entry for this very file (same name, size and
    /// content hash), replay that outcome instead of recording a second one. The daemon
    /// sets this: after a crash between commit and disposal the file is still in the inbox.
    public let replayable: Bool

    public init(file: String, size: Int?, contentSHA256: String?, content: Content, replayable: Bool = false) {
        self.file = file
        self.size = size
        self.contentSHA256 = contentSHA256
        self.content = content
        self.replayable = replayable
    }
}

/// What the store recorded for one file: its journal entry.
public struct IngestOutcome: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case new
        case duplicate
        case nearDuplicate = "near-duplicate"
        case rejected
    }

    /// The journal sequence number of this outcome.
    public let sequence: Int64
    public let file: String
    public let kind: Kind
    /// The article row this file created (`new`, `near-duplicate`), else nil.
    public let articleID: Int64?
    /// The article this file duplicates (`duplicate`: the identical one; `near-duplicate`:
    /// the canonical one), else nil.
    public let duplicateOf: Int64?
    public let similarity: Double?
    public let reason: String?
    /// True when this is an earlier journal entry replayed for a file seen again, not a new one.
    public let replayed: Bool

    public init(
        sequence: Int64, file: String, kind: Kind, articleID: Int64? = nil,
        duplicateOf: Int64? = nil, similarity: Double? = nil, reason: String? = nil, replayed: Bool = false
    ) {
        self.replayed = replayed
        self.sequence = sequence
        self.file = file
        self.kind = kind
        self.articleID = articleID
        self.duplicateOf = duplicateOf
        self.similarity = similarity
        self.reason = reason
    }
}
