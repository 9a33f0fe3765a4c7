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
        let versions = try article.guid.map { try store.versions(ofGUID: $0) } ?? []
        let withdrawals = try article.guid.map { try store.withdrawals(ofGUID: $0) } ?? []
        let removal = article.isRemoved ? try store.removal(of: id) : nil
        if json {
            print(Presentation.json(article, removal: removal, extra: [
                ("previous_version", .int(article.previousVersionID)),
                ("versions", .array(versions.map { .object([("id", .int($0.id)), ("version", .int($0.version.map(Int64.init)))]) })),
                ("withdrawn", .array(withdrawals.map { entry in
                    .object([("seq", .int(entry.sequence)), ("reason", .string(entry.reason)), ("recorded_at", .string(entry.recordedAt))])
                })),
                ("variants", .array(variants.map(Presentation.summaryJSON))),
                ("duplicates", .array(duplicates.map { entry in
                    .object([("seq", .int(entry.sequence)), ("file", .string(entry.file)), ("recorded_at", .string(entry.recordedAt))])
                })),
            ]).rendered)
            return
        }
        print("#\(article.id)  \(Presentation.printable(article.title ?? (removal == nil ? "(no title)" : "(removed)")))")
        if let removal {
            print("REMOVED: \(Presentation.printable(removal.reason)) (by \(Presentation.printable(removal.actor)), \(removal.removedAt), journal \(removal.sequence))")
        }
        if let canonical = article.canonicalID {
            print("near-duplicate of #\(canonical) (similarity \(Presentation.score(article.similarity ?? 0)))")
        }
        for entry in withdrawals {
            print("WITHDRAWN: \(Presentation.printable(entry.reason ?? "")) (journal \(entry.sequence), \(entry.recordedAt))")
        }
        if let previous = article.previousVersionID { print("updates #\(previous)") }
        if versions.count > 1 {
            let list = versions.map { "#\($0.id)" + ($0.version.map { " (v\($0))" } ?? "") + ($0.id == article.id ? " ←" : "") }
            print("versions: \(list.joined(separator: ", "))")
        }
        Presentation.printFields(Presentation.metadata(article).dropFirst() + [
            ("file", Presentation.printable(article.file)), ("size", "\(article.size) bytes"),
            ("sha256", article.sha256), ("received", article.receivedAt),
        ] + [("inbox", article.inbox), ("tag", article.tag)].filter { $0.1 != nil })
        print("")
        print(removal == nil ? Presentation.printableBlock(article.body) : "(its content was removed; copies delivered again are journaled as its duplicates)")
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
