import ArgumentParser
import TidingsCore
import TidingsStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print the journal as JSON lines, to follow the store downstream.",
        discussion: """
            One object per journal entry, in sequence order: seq, recorded_at, file, item (the item's place in \
            a file of several, else null), size, sha256, outcome, id, of, similarity, reason, guid, and article \
            (the stored article's fields, for new, near-duplicate, update and older-version entries, else null). \
            An update's and an older version's `of` is the version it is linked to; a withdrawal's, the article \
            withdrawn. --since SEQ prints the entries after SEQ: pass the last seq you processed.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("Only entries with a sequence number greater than this.", valueName: "seq"))
    var since: Int64 = 0

    func validate() throws {
        guard since >= 0 else { throw ValidationError("--since must be 0 or more") }
    }

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        try store.forEachJournalEntry(after: since) { entry, article in
            print(JSONValue.object([
                ("seq", .int(entry.sequence)),
                ("recorded_at", .string(entry.recordedAt)),
                ("file", .string(entry.file)),
                ("item", .int(entry.item.map(Int64.init))),
                ("size", .int(entry.size)),
                ("sha256", .string(entry.contentSHA256)),
                ("outcome", .string(entry.outcome.rawValue)),
                ("id", .int(entry.articleID)),
                ("of", .int(entry.duplicateOf)),
                ("similarity", .score(entry.similarity)),
                ("reason", .string(entry.reason)),
                ("guid", .string(entry.guid)),
                ("article", article.map { Presentation.json($0) } ?? .null),
            ]).rendered)
        }
    }
}
