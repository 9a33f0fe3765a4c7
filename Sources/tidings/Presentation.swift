import Foundation
import TidingsCore
import TidingsStore

/// How stored things look on the terminal and in `--json` output: one place, so every
/// command spells a field the same way.
enum Presentation {
    /// A value safe to print on one line: line breaks, controls and bidirectional overrides
    /// are escaped (see ``TerminalText``).
    static func printable(_ value: String) -> String {
        TerminalText.escaped(value, keepingLineBreaks: false)
    }

    /// A value that may span lines (a body), safe to print: its line breaks stay.
    static func printableBlock(_ value: String) -> String {
        TerminalText.escaped(value, keepingLineBreaks: true)
    }

    static func score(_ value: Double) -> String { String(format: "%.2f", value) }

    /// The line `tidings ingest` prints for an outcome.
    static func line(_ outcome: IngestOutcome) -> String {
        let file = printable(outcome.file) + (outcome.item.map { "#\($0)" } ?? "")
        switch outcome.kind {
        case .new: return "new \(outcome.articleID ?? 0) \(file)"
        case .nearDuplicate:
            return "near-duplicate \(outcome.articleID ?? 0) of \(outcome.duplicateOf ?? 0) (\(score(outcome.similarity ?? 0))) \(file)"
        case .duplicate: return "duplicate of \(outcome.duplicateOf ?? 0) \(file)"
        case .rejected: return "rejected \(file): \(printable(outcome.reason ?? ""))"
        case .update: return "update \(outcome.articleID ?? 0) of \(outcome.duplicateOf ?? 0) \(file)"
        case .olderVersion: return "older-version \(outcome.articleID ?? 0) of \(outcome.duplicateOf ?? 0) \(file)"
        case .withdrawn:
            return "withdrawn \(outcome.duplicateOf.map(String.init) ?? "-") \(file): \(printable(outcome.reason ?? ""))"
        case .removed:
            return "removed \(outcome.articleID ?? 0): \(printable(outcome.reason ?? ""))"
        }
    }

    static func json(_ outcome: IngestOutcome) -> JSONValue {
        .object([
            ("file", .string(outcome.file)),
            ("item", .int(outcome.item.map(Int64.init))),
            ("outcome", .string(outcome.kind.rawValue)),
            ("id", .int(outcome.articleID)),
            ("of", .int(outcome.duplicateOf)),
            ("similarity", .score(outcome.similarity)),
            ("reason", .string(outcome.reason)),
        ])
    }

    /// The descriptive fields, in the order every command prints them. How the body was
    /// found is shown only for the formats that find it (web pages).
    static func metadata(_ article: some ArticleMetadata) -> [(String, String?)] {
        allMetadata(article).filter { !["extraction", "guid", "version"].contains($0.0) || $0.1 != nil }
    }

    /// Every descriptive field: JSON has the same keys for every article.
    static func metadataJSON(_ article: some ArticleMetadata) -> [(String, JSONValue)] {
        allMetadata(article).map { ($0.0, .string($0.1)) }
    }

    private static func allMetadata(_ article: some ArticleMetadata) -> [(String, String?)] {
        [
            ("title", article.title), ("source", article.source), ("dateline", article.dateline),
            ("byline", article.byline), ("published", article.published), ("language", article.language),
            ("url", article.url), ("format", article.format.rawValue), ("extraction", article.extraction),
            ("guid", article.guid), ("version", article.version.map(String.init)),
        ]
    }

    /// `name:   value` lines, with a dash for a missing value.
    static func printFields(_ fields: [(String, String?)]) {
        let width = (fields.map(\.0.count).max() ?? 0) + 2
        for (name, value) in fields {
            print((name + ":").padding(toLength: width, withPad: " ", startingAt: 0) + (value.map(printable) ?? "—"))
        }
    }

    /// An article's fields under the contract's key names. A removed article's body is null
    /// and `removed` holds its takedown (`seq`, and when given `removed_at`, `by`, `reason`).
    static func json(_ article: StoredArticle, removal: Removal? = nil, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("id", .int(article.id))] + metadataJSON(article) + [
            ("body", .string(article.isRemoved ? nil : article.body)),
            ("removed", removed(article, removal)),
            ("sha256", .string(article.sha256)),
            ("received_at", .string(article.receivedAt)),
            ("file", .string(article.file)),
            ("inbox", .string(article.inbox)),
            ("tag", .string(article.tag)),
            ("of", .int(article.canonicalID)),
            ("similarity", .score(article.similarity)),
            ("previous_version", .int(article.previousVersionID)),
        ] + extra.filter { $0.0 != "previous_version" })
    }

    /// A one-line summary of an article for lists.
    static func summaryJSON(_ article: StoredArticle) -> JSONValue {
        .object([
            ("id", .int(article.id)),
            ("title", .string(article.title)),
            ("source", .string(article.source)),
            ("dateline", .string(article.dateline)),
            ("published", .string(article.published)),
            ("format", .string(article.format.rawValue)),
            ("received_at", .string(article.receivedAt)),
            ("file", .string(article.file)),
            ("inbox", .string(article.inbox)),
            ("tag", .string(article.tag)),
            ("of", .int(article.canonicalID)),
            ("similarity", .score(article.similarity)),
            ("removed", removed(article, nil)),
        ])
    }

    private static func removed(_ article: StoredArticle, _ removal: Removal?) -> JSONValue {
        guard let sequence = article.removalSequence else { return .null }
        guard let removal else { return .object([("seq", .int(sequence))]) }
        return .object([
            ("seq", .int(removal.sequence)), ("removed_at", .string(removal.removedAt)), ("by", .string(removal.actor)),
            ("reason", .string(removal.reason)),
        ])
    }

    /// The title, or the start of the body for an article that has none, safe to print.
    static func heading(_ article: StoredArticle, width: Int = 80) -> String {
        if article.isRemoved { return "(removed)" }
        if let title = article.title { return printable(title) }
        let start = article.body.prefix(width)
        return printable(start.count < article.body.count ? start + "…" : String(start))
    }
}
