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

    @Option(help: ArgumentHelp("Only articles whose file came from this inbox (its name in the configuration).", valueName: "name"))
    var inbox: String?

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        let articles = try store.list(limit: limit, includeVariants: all, inbox: inbox)
        // The inbox is a column once a daemon with named inboxes has stored something.
        let inboxWidth = articles.contains { $0.inbox != nil } ? max(8, articles.compactMap { $0.inbox?.count }.max() ?? 0) + 1 : 0
        for article in articles {
            if json { print(Presentation.summaryJSON(article).rendered); continue }
            let inbox = inboxWidth == 0 ? "" : Presentation.printable(article.inbox ?? "—").padding(toLength: inboxWidth, withPad: " ", startingAt: 0)
            let variant = article.canonicalID.map { "  (variant of \($0), \(Presentation.score(article.similarity ?? 0)))" } ?? ""
            let source = Presentation.printable(article.source ?? "—").padding(toLength: 18, withPad: " ", startingAt: 0)
            print("\(String(article.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(article.receivedAt.prefix(19)) \(source) \(inbox)\(Presentation.heading(article, width: 60))\(variant)")
        }
    }
}
