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
