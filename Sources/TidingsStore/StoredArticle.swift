import TidingsCore

/// An article as the store keeps it. Articles are immutable once stored.
public struct StoredArticle: Sendable, Equatable, ArticleMetadata {
    public let id: Int64
    /// The canonical article this one is a near-duplicate variant of; nil when canonical.
    public let canonicalID: Int64?
    /// The similarity to the canonical article, for a variant.
    public let similarity: Double?
    public let title: String?
    public let source: String?
    public let dateline: String?
    public let byline: String?
    public let published: String?
    public let language: String?
    public let url: String?
    public let format: ArticleFormat
    public let body: String
    /// SHA-256 (hex) of the file's bytes, as `sha256sum` prints it.
    public let sha256: String
    /// SHA-256 (hex) of the normalised body, the exact-duplicate key.
    public let bodySHA256: String
    /// When the store recorded it: ISO 8601, UTC.
    public let receivedAt: String
    /// The file it came from, as the journal names it.
    public let file: String
    /// The size of the file in bytes.
    public let size: Int
}
