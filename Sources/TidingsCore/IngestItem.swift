import Foundation

/// One file, read and parsed, on its way into the store.
package struct IngestItem: Sendable {
    /// What the file turned out to be.
    package enum Content: Sendable, Equatable {
        case article(ParsedArticle, Fingerprint)
        case rejected(Rejection)

        /// An item as the parser gave it, fingerprinted when it is an article.
        package init(_ parsed: Result<ParsedArticle, Rejection>) {
            switch parsed {
            case .success(let article): self = .article(article, Fingerprint(body: article.body))
            case .failure(let rejection): self = .rejected(rejection)
            }
        }
    }

    /// The file's name as the journal records it: its path in its inbox.
    package let file: String
    /// The name of the inbox it came from; nil for a file named to `tidings ingest`.
    package var inbox: String?
    /// The file's size in bytes; nil when it could not be read at all.
    package let size: Int?
    /// SHA-256 (hex) of the file's bytes; nil when it could not be read at all.
    package let contentSHA256: String?
    /// What the file holds: one content for most files, one per item for a file that
    /// carries several (a news message, a feed). Each gets its own journal entry.
    package let contents: [Content]
    /// When the journal already holds an entry for this very file (same name, size and
    /// content hash), replay that outcome instead of recording a second one. The daemon
    /// sets this: after a crash between commit and disposal the file is still in the inbox.
    package let replayable: Bool
    /// The daemon's claim on the file (see `ClaimStore`): the commit that records the item
    /// marks the claim with its journal entry, so a restart knows it only has to dispose of it.
    package var claimToken: String?
    /// The file's bytes as the store keeps them (Zstandard: TidingsStore's
    /// `RawBytesCompression`), when whoever read the file compressed them already; nil
    /// leaves it to the store. The pipeline compresses on its reading threads (~45 µs a news
    /// file), because every commit waits on the store's one writer thread.
    package var compressedRaw: Data?

    package init(file: String, size: Int?, contentSHA256: String?, content: Content, replayable: Bool = false, claimToken: String? = nil) {
        self.init(file: file, size: size, contentSHA256: contentSHA256, contents: [content], replayable: replayable, claimToken: claimToken)
    }

    package init(file: String, size: Int?, contentSHA256: String?, contents: [Content], replayable: Bool = false, claimToken: String? = nil) {
        precondition(!contents.isEmpty, "a file holds at least one content, or its rejection")
        self.file = file
        self.size = size
        self.contentSHA256 = contentSHA256
        self.contents = contents
        self.replayable = replayable
        self.claimToken = claimToken
    }
}

/// What the store recorded for one file: its journal entry.
package struct IngestOutcome: Sendable, Equatable {
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case new
        case duplicate
        case nearDuplicate = "near-duplicate"
        case rejected
        /// A later version of a stored item (same `guid`): a new article row, linked to
        /// the version it updates (``IngestOutcome/duplicateOf``).
        case update
        /// A version older than the one stored, arriving after it: kept as a row, linked
        /// to the newer version, which stays the current one.
        case olderVersion = "older-version"
        /// The sender withheld or canceled (killed) an item: recorded against the stored
        /// article it names (``IngestOutcome/duplicateOf``), which is shown so.
        case withdrawn
        /// A takedown: no file's outcome, but the journal's tombstone of an article whose
        /// content `tidings remove` erased (``IngestOutcome/articleID``), with why.
        case removed
    }

    /// The journal sequence number of this outcome.
    package let sequence: Int64
    package let file: String
    package let kind: Kind
    /// The article row this file created (`new`, `near-duplicate`), else nil.
    package let articleID: Int64?
    /// The article this file duplicates (`duplicate`: the identical one; `near-duplicate`:
    /// the canonical one), else nil.
    package let duplicateOf: Int64?
    package let similarity: Double?
    package let reason: String?
    /// True when this is an earlier journal entry replayed for a file seen again, not a new one.
    package let replayed: Bool
    /// The item's place in a file that carries several (1-based); nil for a one-article file.
    package var item: Int?
    /// For a file that carries several items, each item's outcome; this outcome is then the
    /// file's: its first stored item's (the file is disposed of as stored).
    package var parts: [IngestOutcome] = []
    /// What kind of rejection a `rejected` outcome of this commit was (for the
    /// `tidings_rejected_files_total{reason}` metric); nil otherwise and when replayed.
    package var rejectionCode: Rejection.Code?

    /// The outcome of each article of the file: its parts, or itself.
    package var articles: [IngestOutcome] { parts.isEmpty ? [self] : parts }

    package init(
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
