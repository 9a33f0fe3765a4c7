import ArgumentParser
import Foundation
import GRDB
import TidingsCore
import TidingsDaemon
import TidingsStore

/// `make bench`: measurements that print numbers; no test asserts a time.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tidings-bench",
        abstract: "Measure Tidings on generated articles.",
        subcommands: [IngestBench.self, DaemonBench.self, SharedStoreBench.self, HostileBench.self, HTMLBench.self, ScaleBench.self, MemoryBench.self],
        defaultSubcommand: IngestBench.self)
}

/// One-shot ingest speed, memory and dedup accuracy on a generated, labelled corpus: the
/// real `tidings ingest`, the store's floor, and the Python alternative side by side.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Measure one-shot ingest speed, memory and dedup accuracy on a generated, labelled corpus.")

    @Option(help: "Files to generate, originals and copies together.")
    var files = 10_000

    @Option(help: "Copies per original (exact, edited, wrapped and truncated in turn).")
    var copies = 0.5

    @Option(help: "The generator's seed: the same seed gives the same corpus.")
    var seed: UInt64 = 2026

    @Option(help: "Where the corpus and the stores are written.")
    var directory = ".bench"

    @Option(help: "A Python interpreter with PyPI's datasketch (scripts/bench-python makes one), to compare with.")
    var python: String?

    @Flag(help: "Also time each stage on one core.")
    var stages = false

    @Flag(help: "Also measure the store's floor without FTS5, without the sample index, and in one transaction.")
    var floorParts = false

    @Flag(help: "Also print the similarity of every labelled pair, to choose thresholds.")
    var sweep = false

    /// What the store costs on disk: its file and its log, per stored article, beside the
    /// corpus's own bytes.
    /// The store's size once its write-ahead log is copied back and emptied (the log holds
    /// up to 16 MiB between rewinds, which would count the same pages twice).
    static func storeBytes(_ store: String, articles: Int, corpusBytes: Int, files: Int) -> String {
        if let writer = try? DatabaseQueue(path: store) {
            _ = try? writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try? writer.close()
        }
        let size = ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: store + suffix)[.size] as? Int) ?? 0)
        }
        return String(format: "store on disk: %.1f MiB (log checkpointed) for %d articles, %.1f KiB an article; the corpus is %.1f KiB a file",
                      Double(size) / 1_048_576, articles, Double(size) / 1024 / Double(max(articles, 1)),
                      Double(corpusBytes) / 1024 / Double(max(files, 1)))
    }

    func run() async throws {
        let originals = Int((Double(files) / (1 + copies)).rounded())
        var generator = CorpusGenerator(seed: seed, originals: originals, copyShare: copies)
        let corpusFiles = generator.generate()
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let corpus = root.appendingPathComponent("corpus-\(corpusFiles.count)-\(seed)")
        try? FileManager.default.removeItem(at: corpus)
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for file in corpusFiles { try Data(file.bytes).write(to: corpus.appendingPathComponent(file.name)) }
        let paths = corpusFiles.map { corpus.appendingPathComponent($0.name).path }
        let list = corpus.path + ".list"
        try (paths.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let bytes = corpusFiles.reduce(0) { $0 + $1.bytes.count }
        let megabytes = Double(bytes) / 1e6
        print("corpus: \(corpusFiles.count) files (\(originals) originals, \(corpusFiles.count - originals) copies), \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, seed \(seed)")

        // The real command, as a user runs it.
        let settings = Settings()
        let store = root.appendingPathComponent("store-\(corpusFiles.count).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        let tidings = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tidings").path
        let output = store + ".out"
        let run = try ChildProcess.run(tidings, ["ingest", "--store", store, "--json", "--files-from", list], stdout: output)
        guard run.status == 0 || run.status == 3 else { throw ValidationError("tidings ingest exited \(run.status)") }
        let ours = try Self.outcomes(jsonLines: output)
        print(String(format: "tidings ingest: %.2f s, %.0f files/s, %.1f MB/s, peak RSS %.0f MiB (synchronous=FULL, batches of %d, every article searchable when it exits)",
                     run.seconds, Double(corpusFiles.count) / run.seconds, megabytes / run.seconds, run.peakRSSMiB, settings.batchSize))
        let accuracy = Accuracy(files: corpusFiles, outcomes: ours).report()
        print(Self.storeBytes(store, articles: ours.values.filter { $0.articleID != nil }.count, corpusBytes: bytes, files: corpusFiles.count))

        let floor = try StoreFloor(source: store, batchSize: settings.batchSize).filesPerSecond()
        let floorRate = Double(floor.files) / floor.seconds
        print(String(format: "\nstore floor (the same rows into the same schema with plain SQL): %.2f s, %.0f files/s; tidings ingest reaches %.0f %% of it",
                     floor.seconds, floorRate, 100 * Double(corpusFiles.count) / run.seconds / floorRate))

        if let python {
            // The scripts a user would write instead: MinHash LSH in Python (datasketch, pure
            // Python; rensa, Rust) and sqlite3, on the same files, in this same run.
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("python/peer_ingest.py").path
            var rows: [(String, Double, Accuracy.Summary)] = [("tidings ingest", run.seconds, accuracy)]
            for library in ["datasketch", "rensa"] {
                let output = store + ".\(library).tsv"
                let peer = try ChildProcess.run(python, [script, library, list, store + ".\(library).sqlite"], stdout: output)
                guard peer.status == 0 else { throw ValidationError("the Python \(library) script exited \(peer.status)") }
                print(String(format: "\npython + %@ MinHash LSH (threshold 0.5, 128 permutations) + sqlite3: %.2f s, %.0f files/s, peak RSS %.0f MiB",
                             library, peer.seconds, Double(corpusFiles.count) / peer.seconds, peer.peakRSSMiB))
                let rates = Accuracy(files: corpusFiles, outcomes: try Self.outcomes(tsv: output)).report(printsMatrix: false)
                rows.append(("Python \(library)", peer.seconds, rates))
            }
            print("\n| | files/s | MB/s | near-dup recall | near-dup precision | exact recall | distinct wrongly flagged |")
            print("|---|---:|---:|---:|---:|---:|---:|")
            for (name, seconds, rates) in rows {
                print(String(format: "| %@ | %.0f | %.1f | %.4f | %.4f | %.4f | %.3f %% |", name, Double(corpusFiles.count) / seconds,
                             megabytes / seconds, rates.nearRecall, rates.nearPrecision, rates.exactRecall, 100 * rates.wronglyFlaggedShare))
            }
            let fastestPeer = rows.dropFirst().min { $0.1 < $1.1 }!
            print(String(format: "tidings ingest is %.2f× as fast as the faster peer (%@; the target is 2×)", fastestPeer.1 / run.seconds, fastestPeer.0))
        }
        if floorParts { try StoreFloor.printParts(source: store, batchSize: settings.batchSize) }
        if stages { try StageCosts(paths: paths, settings: settings, storePath: store + ".stages").report() }
        if sweep { SimilaritySweep(files: corpusFiles, thresholds: settings.thresholds).report() }
    }

    /// `tidings ingest --json` output, by file name.
    static func outcomes(jsonLines path: String) throws -> [String: IngestOutcome] {
        var outcomes: [String: IngestOutcome] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = object["file"] as? String, let kind = (object["outcome"] as? String).flatMap(IngestOutcome.Kind.init) else { continue }
            let name = URL(fileURLWithPath: file).lastPathComponent
            outcomes[name] = IngestOutcome(sequence: 0, file: name, kind: kind,
                                           articleID: (object["id"] as? NSNumber)?.int64Value, duplicateOf: (object["of"] as? NSNumber)?.int64Value)
        }
        return outcomes
    }

    /// The Python script's output: name, outcome, id, of — tab-separated.
    static func outcomes(tsv path: String) throws -> [String: IngestOutcome] {
        var outcomes: [String: IngestOutcome] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let kind = IngestOutcome.Kind(rawValue: fields[1]) else { continue }
            outcomes[fields[0]] = IngestOutcome(sequence: 0, file: fields[0], kind: kind, articleID: Int64(fields[2]), duplicateOf: Int64(fields[3]))
        }
        return outcomes
    }
}
