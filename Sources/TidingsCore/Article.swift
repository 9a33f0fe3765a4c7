/// The format a file was recognised as, from its content.
package enum ArticleFormat: String, Sendable, Codable, CaseIterable {
    /// Plain-text wire copy: an optional headline, a dateline, paragraphs.
    case text
    /// An IPTC ninjs document (`headlines`/`headline`, `bodies`/`body_text`, …).
    case ninjs
    /// A flat JSON object (`title`, `body` or `text`, `source`, …).
    case json
    /// A whole web page, from which the article was extracted.
    case html
    /// An item of an IPTC NewsML-G2 document (`newsItem`, or one of a `newsMessage`'s).
    case newsMLG2 = "newsml-g2"
    /// An IPTC NITF document.
    case nitf
    /// An item of an IPTC NewsML 1.2 document.
    case newsML1 = "newsml-1.2"
    /// An ANPA-1312 or IPTC 7901 wire transmission (SOH/STX/ETX framing).
    case anpa
    /// An e-mail message (RFC 5322, MIME).
    case email
    /// An entry of an Atom feed.
    case atom
    /// An item of an RSS feed (0.9x, 1.0 or 2.0).
    case rss
    /// A post of a WordPress export (WXR).
    case wxr
}

/// What a wire item says of its own standing (NewsML-G2 `pubStatus`, NewsML 1.2 `Status`,
/// ninjs `pubstatus`): a story may be withheld for a while or canceled — killed — for good.
package enum PublicationStatus: String, Sendable, Codable, CaseIterable {
    case usable
    case withheld
    case canceled

    /// Reads `stat:canceled`, `Canceled`, `canceled`, `kill`, … ; nil for what it does not know.
    package init?(code: String) {
        let name = code.split(separator: ":").last.map { $0.lowercased() } ?? ""
        switch name {
        case "usable", "": self = .usable
        case "withheld", "embargoed": self = .withheld
        case "canceled", "cancelled", "kill", "killed", "deleted", "withdrawn": self = .canceled
        default: return nil
        }
    }
}

/// An article as a parser extracted it from one file.
///
/// The body is the article's own text: outlet boilerplate (licence footers, "Read More:"
/// tails, share prompts, breadcrumbs) and the dateline are already removed, and paragraphs
/// are kept. The raw bytes are kept too, so the file itself can be deleted once stored.
package struct ParsedArticle: Sendable, Equatable {
    package var title: String?
    package var source: String?
    package var dateline: String?
    package var byline: String?
    /// The publication time as the file states it (ISO 8601 where the format has one).
    package var published: String?
    package var language: String?
    package var url: String?
    package var format: ArticleFormat
    /// The body's paragraphs, each with its white space collapsed.
    package var paragraphs: [String]
    /// The file's bytes, exactly as read.
    package var raw: [UInt8]
    /// How the body was found in a format that needs finding it (a web page:
    /// `content-scoring`, `content-scoring-loose`, `json-ld-article-body`, `page-text`).
    package var extraction: String?
    /// The item's identity across versions, as its sender gives it (NewsML `guid`, ninjs
    /// `uri`, a feed's `id`): a later version of the same `guid` updates the article.
    package var guid: String?
    /// The item's version under its `guid` (NewsML-G2 `version`, NewsML 1.2 `RevisionId`).
    package var version: Int?
    /// Set when the item declares itself withheld or canceled (a kill): see ``PublicationStatus``.
    package var status: PublicationStatus?
    /// A label the receiving inbox puts on it (its `tag`: a feed's name, a desk); nil when
    /// it came from no inbox or its inbox sets none. Never parsed from the file.
    package var tag: String?

    package init(
        title: String? = nil, source: String? = nil, dateline: String? = nil, byline: String? = nil,
        published: String? = nil, language: String? = nil, url: String? = nil,
        format: ArticleFormat, paragraphs: [String], raw: [UInt8]
    ) {
        self.title = title
        self.source = source
        self.dateline = dateline
        self.byline = byline
        self.published = published
        self.language = language
        self.url = url
        self.format = format
        self.paragraphs = paragraphs
        self.raw = raw
    }

    /// The body text: paragraphs separated by one blank line.
    package var body: String { paragraphs.joined(separator: "\n\n") }
}
