import ArgumentParser
import Foundation
import TidingsCore
import TidingsDaemon
import TidingsStore

/// `make bench`: measurements that print numbers; no test asserts a time.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tidings-bench",
        abstract: "Measure Tidings on generated articles.",
        subcommands: [IngestBench.self, DaemonBench.self, HostileBench.self],
        defaultSubcommand: IngestBench.self)
}

/// One-shot ingest speed and dedup accuracy on a generated, labelled corpus.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Measure one-shot ingest speed and dedup accuracy on a generated, labelled corpus.")

    @Option(help: "Original articles to generate.")
    var articles = 2000

    @Option(help: "Copies per original (exact, edited, wrapped and truncated in turn).")
    var copies = 0.5

    @Option(help: "The generator's seed: the same seed gives the same corpus.")
    var seed: UInt64 = 2026

    @Option(help: "Where the corpus and the store are written.")
    var directory = ".bench"

    @Flag(help: "Also print the similarity of every labelled pair, to choose thresholds.")
    var sweep = false

    @Flag(help: "Also time each stage on one core.")
    var stages = false

    func run() async throws {
        var generator = CorpusGenerator(seed: seed, originals: articles, copyShare: copies)
        let files = generator.generate()
        let corpus = URL(fileURLWithPath: directory).appendingPathComponent("corpus-\(articles)-\(seed)")
        try? FileManager.default.removeItem(at: corpus)
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for file in files { try Data(file.bytes).write(to: corpus.appendingPathComponent(file.name)) }
        let bytes = files.reduce(0) { $0 + $1.bytes.count }
        print("corpus: \(files.count) files (\(articles) originals, \(files.count - articles) copies), \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, seed \(seed)")

        let storePath = URL(fileURLWithPath: directory).appendingPathComponent("store-\(articles).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
        var settings = Settings()
        settings.storePath = storePath
        let store = try SQLiteStore(path: storePath, access: .readWrite)
        let pipeline = IngestPipeline(store: store, settings: settings, mode: .commandLine)
        var outcomes: [String: IngestOutcome] = [:]
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await pipeline.ingest(paths: files.map { corpus.appendingPathComponent($0.name).path }) { outcome in
                outcomes[URL(fileURLWithPath: outcome.file).lastPathComponent] = outcome
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "ingest: %.2f s, %.0f files/s, %.1f MB/s (synchronous=FULL, FTS5, batches of %d)",
                     seconds, Double(files.count) / seconds, Double(bytes) / 1e6 / seconds, settings.batchSize))
        Accuracy(files: files, outcomes: outcomes).report()
        if stages {
            try StageCosts(paths: files.map { corpus.appendingPathComponent($0.name).path }, settings: settings, storePath: storePath + ".stages").report()
        }
        if sweep { SimilaritySweep(files: files, thresholds: settings.thresholds).report() }
    }
}
