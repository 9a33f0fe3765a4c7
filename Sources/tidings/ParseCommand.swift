import ArgumentParser
import Foundation
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
            case .bytes(let bytes): article = try ArticleParser(limits: settings.limits).parse(bytes, fileName: file)
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
            print(JSONValue.object([
                ("file", .string(file)),
                ("format", .string(article.format.rawValue)),
                ("title", .string(article.title)),
                ("source", .string(article.source)),
                ("dateline", .string(article.dateline)),
                ("byline", .string(article.byline)),
                ("published", .string(article.published)),
                ("language", .string(article.language)),
                ("url", .string(article.url)),
                ("size", .int(article.raw.count)),
                ("sha256", .string(SHA256Hex.of(article.raw))),
                ("paragraphs", .array(article.paragraphs.map(JSONValue.string))),
                ("body", .string(article.body)),
            ]).rendered)
            return
        }
        let fields: [(String, String?)] = [
            ("format", article.format.rawValue), ("title", article.title), ("source", article.source),
            ("dateline", article.dateline), ("byline", article.byline), ("published", article.published),
            ("language", article.language), ("url", article.url), ("size", "\(article.raw.count) bytes"),
            ("sha256", SHA256Hex.of(article.raw)), ("paragraphs", "\(article.paragraphs.count)"),
        ]
        for (name, value) in fields { print("\((name + ":").padding(toLength: 12, withPad: " ", startingAt: 0))\(value ?? "—")") }
        print("")
        print(article.body)
    }
}
