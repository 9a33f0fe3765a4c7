import TidingsCore
import ArgumentParser
import Foundation
import TidingsStore

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List stored articles, newest first.",
        discussion: "Canonical articles only, unless --all adds their near-duplicate variants.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "One JSON object per article.")
    var json = false

    @Option(help: "At most this many articles.")
    var limit = 20

    @Flag(help: "Include near-duplicate variants.")
    var all = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        for article in try store.list(limit: limit, includeVariants: all) {
            if json { print(Presentation.summaryJSON(article).rendered); continue }
            let variant = article.canonicalID.map { "  (variant of \($0), \(Presentation.score(article.similarity ?? 0)))" } ?? ""
            let source = Presentation.printable(article.source ?? "—").padding(toLength: 18, withPad: " ", startingAt: 0)
            print("\(String(article.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(article.receivedAt.prefix(19)) \(source) \(Presentation.heading(article, width: 60))\(variant)")
        }
    }
}
