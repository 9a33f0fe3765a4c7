import ArgumentParser
import Foundation
import TidingsCore
import TidingsStore

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one article: metadata, body, and its variants and duplicates.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print the article as one JSON object.")
    var json = false

    @Argument(help: "The article's id.")
    var id: Int64

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        guard let article = try store.article(id: id) else {
            throw CommandFailure("there is no article \(id) in \(store.path); `tidings list` shows the ids")
        }
        let variants = try store.variants(of: id)
        let duplicates = try store.duplicates(of: id)
        if json {
            print(Presentation.json(article, extra: [
                ("variants", .array(variants.map(Presentation.summaryJSON))),
                ("duplicates", .array(duplicates.map { entry in
                    .object([("seq", .int(entry.sequence)), ("file", .string(entry.file)), ("recorded_at", .string(entry.recordedAt))])
                })),
            ]).rendered)
            return
        }
        print("#\(article.id)  \(Presentation.printable(article.title ?? "(no title)"))")
        if let canonical = article.canonicalID {
            print("near-duplicate of #\(canonical) (similarity \(Presentation.score(article.similarity ?? 0)))")
        }
        Presentation.printFields(Presentation.metadata(article).dropFirst() + [
            ("file", Presentation.printable(article.file)), ("size", "\(article.size) bytes"),
            ("sha256", article.sha256), ("received", article.receivedAt),
        ])
        print("")
        print(Presentation.printableBlock(article.body))
        if !variants.isEmpty {
            print("\nvariants:")
            for variant in variants {
                print("  #\(variant.id)  \(Presentation.score(variant.similarity ?? 0))  \(Presentation.printable(variant.source ?? "—"))  \(Presentation.printable(variant.file))")
            }
        }
        if !duplicates.isEmpty {
            print("\nduplicates:")
            for entry in duplicates { print("  \(entry.recordedAt)  \(Presentation.printable(entry.file))  (journal \(entry.sequence))") }
        }
    }
}
