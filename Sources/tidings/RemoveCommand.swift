import ArgumentParser
import Foundation
import Glibc
import TidingsCore
import TidingsStore

/// `tidings remove ID --reason TEXT`: a takedown.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Erase an article's content for a takedown, leaving a tombstone in the journal.",
        discussion: """
            Erases the article's title, byline, dateline, url, body and stored bytes, and takes it out of \
            search, in one transaction; journals a `removed` entry with who, when and why. The article's id, \
            source, dates and hashes stay, and its shingles are kept: a copy delivered again (identical or \
            near) is journaled as a duplicate of the removed article and not stored. Its near-duplicate \
            variants are articles of their own: they are listed, to be removed too if they carry the same \
            content. A removal cannot be undone. Works while the daemon runs.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("Why: the request or ticket this takedown answers (recorded in the journal).", valueName: "text"))
    var reason: String

    @Option(help: ArgumentHelp("Who removes it (default: the user running the command, and the sudo user behind it).", valueName: "name"))
    var by: String?

    @Flag(help: ArgumentHelp(
        "Also rewrite the full-text index now, so the removed words leave it at once.",
        discussion: "Without it they are unsearchable at once but leave the index's older segments only as FTS5 merges them. The rewrite takes seconds to minutes on a large store, while the daemon's commits wait."))
    var purgeIndex = false

    @Flag(help: "Print the tombstone as one JSON object: seq, id, removed_at, by, reason, variants.")
    var json = false

    @Argument(help: "The article's id.")
    var id: Int64

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--reason must say why the article is removed")
        }
        guard by.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true else { throw ValidationError("--by must not be empty") }
    }

    func run() async throws {
        let (opened, _) = try await options.open(.readWrite)
        guard let store = opened as? SQLiteStore else {
            throw UsageError("tidings remove works on an SQLite store only, not yet on \(opened.path)")
        }
        guard try store.article(id: id) != nil else {
            throw UsageError("there is no article \(id) in \(store.path); `tidings list --all` or `tidings search` shows the ids")
        }
        let removal = try store.remove(articleID: id, reason: reason, actor: by ?? Self.invokingUser(), purgingIndex: purgeIndex)
        let variants = try store.variants(of: id).filter { !$0.isRemoved }.map(\.id)
        if json {
            print(JSONValue.object([
                ("seq", .int(removal.sequence)), ("id", .int(removal.articleID)), ("removed_at", .string(removal.removedAt)),
                ("by", .string(removal.actor)), ("reason", .string(removal.reason)), ("variants", .array(variants.map { .int($0) })),
            ]).rendered)
        } else {
            print("removed \(id): \(Presentation.printable(reason)) (by \(Presentation.printable(removal.actor)), journal \(removal.sequence))")
        }
        if !variants.isEmpty {
            printError("note: near-duplicate variants of \(id) keep their content: \(variants.map(String.init).joined(separator: ", ")); remove them too if the request covers them")
        }
    }

    /// The user running the command, and behind `sudo` the user who ran it.
    private static func invokingUser() -> String {
        let uid = geteuid()
        let name = getpwuid(uid).flatMap { String(validatingCString: $0.pointee.pw_name) } ?? "uid \(uid)"
        if let sudoUser = ProcessInfo.processInfo.environment["SUDO_USER"], !sudoUser.isEmpty, sudoUser != name {
            return "\(name) (sudo by \(sudoUser))"
        }
        return name
    }
}
