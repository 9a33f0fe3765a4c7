import ArgumentParser
import Glibc
import TidingsCore
import TidingsStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print the journal as JSON lines, to follow the store downstream.",
        discussion: """
            One object per journal entry, in sequence order: seq, recorded_at, file, inbox (the name of the \
            inbox the file came from; null for files given to tidings ingest), item (the item's place in \
            a file of several, else null), size, sha256, outcome, id, of, similarity, reason, guid, and article \
            (the stored article's fields, for new, near-duplicate, update and older-version entries, else null), \
            and by (who removed it, for a removed entry). A removed entry is a takedown, no file's outcome: its \
            file is null, id the article whose content was erased, reason why; that article's fields show \
            body null and removed {seq}. \
            An update's and an older version's `of` is the version it is linked to; a withdrawal's, the article \
            withdrawn. --since SEQ prints the entries after SEQ: pass the last seq you processed. --follow \
            keeps printing entries as they are committed (woken by inotify on the store's directory, at \
            most a second late), each line flushed as it is written, until interrupted.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("Only entries with a sequence number greater than this.", valueName: "seq"))
    var since: Int64 = 0

    @Flag(name: .shortAndLong, help: "Keep printing entries as they are committed, until interrupted.")
    var follow = false

    func validate() throws {
        guard since >= 0 else { throw ValidationError("--since must be 0 or more") }
    }

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        guard follow else {
            try store.forEachJournalEntry(after: since, print(entry:article:))
            return
        }
        // Watched before the first read, so nothing committed in between is missed. A
        // PostgreSQL store has no file to watch: it is read again every second.
        let changes = store is SQLiteStore ? try StoreChangeWait(store: store.path) : nil
        var last = since
        while true {
            try store.forEachJournalEntry(after: last) { entry, article in
                print(entry: entry, article: article)
                last = entry.sequence
            }
            fflush(nil)
            if let changes { try changes.wait(milliseconds: 1000) } else { try await Task.sleep(for: .seconds(1)) }
        }
    }

    private func print(entry: JournalEntry, article: StoredArticle?) {
        Swift.print(JSONValue.object([
            ("seq", .int(entry.sequence)),
            ("recorded_at", .string(entry.recordedAt)),
            ("file", .string(entry.outcome == .removed ? nil : entry.file)),
            ("inbox", .string(entry.inbox)),
            ("item", .int(entry.item.map(Int64.init))),
            ("size", .int(entry.size)),
            ("sha256", .string(entry.contentSHA256)),
            ("outcome", .string(entry.outcome.rawValue)),
            ("id", .int(entry.articleID)),
            ("of", .int(entry.duplicateOf)),
            ("similarity", .score(entry.similarity)),
            ("reason", .string(entry.reason)),
            ("guid", .string(entry.guid)),
            ("by", .string(entry.actor)),
            ("article", article.map { Presentation.json($0) } ?? .null),
        ]).rendered)
    }
}
