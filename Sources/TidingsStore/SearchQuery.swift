import Foundation

/// A full-text query.
package struct SearchQuery: Sendable, Equatable {
    package let text: String
    /// When false (the default), every word must occur and FTS5 operators are plain words,
    /// so any text the user types is a valid query. When true, `text` is FTS5 query syntax
    /// (`"exact phrase"`, `OR`, `NOT`, `prefix*`, `NEAR(…)`).
    package let usesFTS5Syntax: Bool

    package init(_ text: String, usesFTS5Syntax: Bool = false) {
        self.text = text
        self.usesFTS5Syntax = usesFTS5Syntax
    }

    /// The FTS5 expression for this query.
    var ftsExpression: String {
        if usesFTS5Syntax { return text }
        return text.split(whereSeparator: { $0.isWhitespace })
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " ")
    }
}

/// One search result.
package struct SearchHit: Sendable, Equatable {
    package let article: StoredArticle
    /// Higher is better (the negated FTS5 bm25 rank).
    package let score: Double
    /// The best-matching fragment, matches marked with `[` and `]`.
    package let snippet: String
}
