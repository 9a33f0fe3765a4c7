import TidingsCore
import ArgumentParser
import Foundation
import TidingsStore

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Full-text search over titles and bodies, best match first.",
        discussion: """
            Every word must occur. With --fts the query is FTS5 syntax: "a phrase", OR, NOT, prefix*.
            Articles become searchable shortly after they are stored: the daemon indexes them within about a \
            second (later under a flood), `tidings ingest` before it exits. When some are not indexed yet, a \
            note on standard error says how many.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "One JSON object per hit: id, title, source, score, snippet, of.")
    var json = false

    @Option(help: "At most this many hits.")
    var limit = 20

    @Flag(help: "Read the query as FTS5 query syntax.")
    var fts = false

    @Argument(help: "The words to search for.")
    var query: [String]

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        guard !query.joined().trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("give at least one word to search for") }
    }

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        let behind = try store.searchBacklog()
        if behind > 0 {
            printError("note: the \(behind) most recently stored article\(behind == 1 ? " is" : "s are") not indexed for search yet; the daemon indexes them within about a second of their commit (longer under a flood)")
        }
        for hit in try store.search(SearchQuery(query.joined(separator: " "), usesFTS5Syntax: fts), limit: limit) {
            if json {
                print(JSONValue.object([
                    ("id", .int(hit.article.id)), ("title", .string(hit.article.title)), ("source", .string(hit.article.source)),
                    ("score", .score(hit.score)), ("snippet", .string(hit.snippet)), ("of", .int(hit.article.canonicalID)),
                ]).rendered)
            } else {
                print("#\(hit.article.id)  \(Presentation.score(hit.score))  \(Presentation.heading(hit.article, width: 60)) — \(Presentation.printable(hit.article.source ?? "unknown source"))")
                print("    \(Presentation.printable(hit.snippet))")
            }
        }
    }
}
