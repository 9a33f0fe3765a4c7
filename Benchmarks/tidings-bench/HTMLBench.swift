import ArgumentParser
import Foundation
import TidingsCore

/// How long extracting an article from a web page takes: every fixture page in
/// `Tests/fixtures/html/` (3–10 KB each, in their own charsets), parsed on one core.
struct HTMLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Time article extraction on the HTML fixture pages (one core).")

    @Option(help: "Times to parse each page.")
    var rounds = 200

    @Option(help: "The fixture pages.")
    var directory = "Tests/fixtures/html"

    @Flag(help: "Parse every file in the directory, whatever its name and format (e.g. the ingest corpus, .bench/corpus-10000-2026), not only its .html pages.")
    var allFiles = false

    func run() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { allFiles || $0.hasSuffix(".html") }.sorted()
        let pages = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent($0))) }
        guard !pages.isEmpty else { throw ValidationError("no \(allFiles ? "files" : ".html pages") in \(directory)") }
        let parser = ArticleParser()
        var parsed = 0
        let elapsed = ContinuousClock().measure {
            for _ in 0..<rounds {
                for page in pages where (try? parser.parse(page)) != nil { parsed += 1 }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let bytes = pages.reduce(0) { $0 + $1.count } * rounds
        print(String(format: "html: %d pages × %d rounds: %.0f µs a page (parse, charset, extraction, text rules), %.1f MB/s; %d of %d parsed",
                     pages.count, rounds, seconds / Double(pages.count * rounds) * 1e6, Double(bytes) / seconds / 1e6, parsed / rounds, pages.count))
    }
}
