import ArgumentParser
import Foundation
import Logging
import TidingsCore
import TidingsDaemon

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what the parser extracts from a file; stores nothing.",
        discussion: "Exits 3 when the file would be rejected, saying why.")

    @Option(help: ArgumentHelp("The YAML configuration file (for the parser limits).", valueName: "path"))
    var config: String?

    @Flag(help: "Print the article as one JSON object.")
    var json = false

    @Option(help: ArgumentHelp(
        "Try this format before detecting one, as an inbox with this format does: \(ArticleFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "format"))
    var format: ArticleFormat?

    @Argument(help: ArgumentHelp("The file to parse.", valueName: "file"))
    var file: String

    func run() async throws {
        let settings = try await SettingsLoader.load(configPath: config)
        let reader = ArticleFileReader(maxFileBytes: settings.limits.maxFileBytes, followsSymbolicLinks: true)
        var contents: [IngestItem.Content]
        do {
            switch reader.read(file) {
            case .rejected(let rejection, _): throw rejection
            case .busy(let reason): throw Rejection(.unreadable, "unreadable (\(reason))")
            case .bytes(let bytes):
                // In a worker process within the budget, as the daemon parses: a hostile file
                // costs at most the budget here too.
                let parsing = ParseWorkerPool(logger: Logger(label: "tidings"))
                defer { parsing.shutDown() }
                let response = parsing.parse(bytes, name: file, limits: settings.limits, preferring: format, budget: settings.parseBudget)
                if let rejection = response.rejection { throw rejection }
                contents = response.contents
            }
        } catch let rejection as Rejection {
            if json {
                print(JSONValue.object([("file", .string(file)), ("outcome", "rejected"), ("reason", .string(rejection.message))]).rendered)
            } else {
                printError("\(Presentation.printable(file)) would be rejected: \(rejection.message)")
            }
            throw ExitCode(ExitStatus.someRejected)
        }
        for (index, content) in contents.enumerated() {
            let item = contents.count > 1 ? index + 1 : nil
            if !json, index > 0 { print("") }
            if !json, let item { print("── item \(item) of \(contents.count) ──") }
            switch content {
            case .article(let article, _): show(article, item: item)
            case .rejected(let rejection):
                if json {
                    print(JSONValue.object([("file", .string(file)), ("item", .int(item.map(Int64.init))), ("outcome", "rejected"), ("reason", .string(rejection.message))]).rendered)
                } else {
                    print("rejected: \(Presentation.printable(rejection.message))")
                }
            }
        }
    }

    private func show(_ article: ParsedArticle, item: Int?) {
        if json {
            print(JSONValue.object([("file", .string(file)), ("item", .int(item.map(Int64.init)))] + Presentation.metadataJSON(article) + [
                ("size", .int(article.raw.count)),
                ("sha256", .string(SHA256Hex.of(article.raw))),
                ("paragraphs", .array(article.paragraphs.map(JSONValue.string))),
                ("body", .string(article.body)),
            ]).rendered)
            return
        }
        Presentation.printFields(Presentation.metadata(article) + [
            ("size", "\(article.raw.count) bytes"), ("sha256", SHA256Hex.of(article.raw)), ("paragraphs", "\(article.paragraphs.count)"),
        ] + (article.status.map { [("status", $0.rawValue)] } ?? []))
        print("")
        print(Presentation.printableBlock(article.body))
    }
}

extension ArticleFormat: ExpressibleByArgument {}
