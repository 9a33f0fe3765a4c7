import TidingsCore
import ArgumentParser
import Foundation
import TidingsStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count what the store holds.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print one JSON object: articles, near_duplicates, duplicates, rejected, removed, journal_entries, not_yet_searchable.")
    var json = false

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        let stats = try store.stats()
        let rows: [(String, Int)] = [
            ("articles", stats.articles), ("near_duplicates", stats.nearDuplicates), ("duplicates", stats.duplicates),
            ("rejected", stats.rejected), ("removed", stats.removed), ("journal_entries", stats.journalEntries),
            // Stored articles the full-text index has not caught up with (see `search`).
            ("not_yet_searchable", try store.searchBacklog()),
        ]
        if json {
            print(JSONValue.object(rows.map { ($0.0, .int(Int64($0.1))) }).rendered)
        } else {
            for (name, value) in rows { print("\(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(value)") }
        }
    }
}
