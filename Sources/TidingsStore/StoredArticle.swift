import TidingsCore

/// An article as the store keeps it. Articles are immutable once stored, but for the
/// erasure of a removed article's content (a takedown).
package struct StoredArticle: Sendable, Equatable, ArticleMetadata {
    package let id: Int64
    /// The canonical article this one is a near-duplicate variant of; nil when canonical.
    package let canonicalID: Int64?
    /// The similarity to the canonical article, for a variant.
    package let similarity: Double?
    package let title: String?
    package let source: String?
    package let dateline: String?
    package let byline: String?
    package let published: String?
    package let language: String?
    package let url: String?
    package let format: ArticleFormat
    /// How the body was found (web pages); nil for other formats and older stores.
    package let extraction: String?
    package let body: String
    /// SHA-256 (hex) of the file's bytes, as `sha256sum` prints it.
    package let sha256: String
    /// SHA-256 (hex) of the normalised body, the exact-duplicate key.
    package let bodySHA256: String
    /// When the store recorded it: ISO 8601, UTC.
    package let receivedAt: String
    /// The file it came from, as the journal names it.
    package let file: String
    /// The size of the file in bytes.
    package let size: Int
    /// The sender's identity of the item and its version (wire formats), when it has them.
    package var guid: String? = nil
    package var version: Int? = nil
    /// The article this one is a later version of (an `update`).
    package var previousVersionID: Int64? = nil
    /// The journal entry of the takedown that erased this article's content (its title,
    /// byline, dateline, url, body and bytes), if it was removed; ``removal(of:)`` reads it.
    package var removalSequence: Int64? = nil
    /// The inbox its file came from (nil: `tidings ingest`, or stored before inboxes were
    /// recorded), and the tag that inbox put on it.
    package var inbox: String? = nil
    package var tag: String? = nil

    /// Whether a takedown erased this article's content.
    package var isRemoved: Bool { removalSequence != nil }
}
