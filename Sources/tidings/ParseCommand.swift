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

    @Argument(help: ArgumentHelp("The file to parse.", valueName: "file"))
    var file: String

    func run() async throws {
        let settings = try await SettingsLoader.load(configPath: config)
        let reader = ArticleFileReader(maxFileBytes: settings.limits.maxFileBytes, followsSymbolicLinks: true)
        let article: ParsedArticle
        do {
            switch reader.read(file) {
            case .rejected(let rejection, _): throw rejection
            case .busy(let reason): throw Rejection(.unreadable, "unreadable (\(reason))")
            case .bytes(let bytes):
                // In a worker process within the budget, as the daemon parses: a hostile file
                // costs at most the budget here too.
                let parsing = ParseWorkerPool(logger: Logger(label: "tidings"))
                defer { parsing.shutDown() }
                switch parsing.parse(bytes, name: file, limits: settings.limits, budget: settings.parseBudget) {
                case .article(let parsed, _): article = parsed
                case .rejected(let rejection): throw rejection
                }
            }
        } catch let rejection as Rejection {
            if json {
                print(JSONValue.object([("file", .string(file)), ("outcome", "rejected"), ("reason", .string(rejection.message))]).rendered)
            } else {
                printError("\(Presentation.printable(file)) would be rejected: \(rejection.message)")
            }
            throw ExitCode(ExitStatus.someRejected)
        }
        if json {
            print(JSONValue.object([("file", .string(file))] + Presentation.metadataJSON(article) + [
                ("size", .int(article.raw.count)),
                ("sha256", .string(SHA256Hex.of(article.raw))),
                ("paragraphs", .array(article.paragraphs.map(JSONValue.string))),
                ("body", .string(article.body)),
            ]).rendered)
            return
        }
        Presentation.printFields(Presentation.metadata(article) + [
            ("size", "\(article.raw.count) bytes"), ("sha256", SHA256Hex.of(article.raw)), ("paragraphs", "\(article.paragraphs.count)"),
        ])
        print("")
        print(Presentation.printableBlock(article.body))
    }
}
