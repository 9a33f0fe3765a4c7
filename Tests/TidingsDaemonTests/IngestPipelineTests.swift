import Foundation
import GRDB
import Testing
import TidingsCore
import TidingsStore
import TidingsTesting
@testable import TidingsDaemon

@Suite struct IngestPipelineTests {
    let directory = TemporaryDirectory("tidings-pipeline")

    /// `tidings ingest` as the command runs it: batches of `batchSize` into one store.
    struct Ingest {
        let store: SQLiteStore
        let settings: Settings

        func callAsFunction(_ paths: [String]) async throws -> [IngestOutcome] {
            try await BlockingThreads.run { threads in
                var outcomes: [IngestOutcome] = []
                try await IngestPipeline(settings: settings, mode: .commandLine(followingSymbolicLinks: true), threads: threads, parsing: InlineParsing()).ingest(paths: paths, into: store) { outcome, disposal in
                    #expect(disposal == .kept)
                    outcomes.append(outcome)
                }
                return outcomes
            }
        }
    }

    func pipeline(batchSize: Int = 256) throws -> Ingest {
        var settings = Settings()
        settings.storePath = directory.path("store.sqlite")
        settings.batchSize = batchSize
        return Ingest(store: try SQLiteStore(path: settings.storePath, access: .readWrite), settings: settings)
    }

    func run(_ ingest: Ingest, _ paths: [String]) async throws -> [IngestOutcome] {
        try await ingest(paths)
    }

    @Test func seedsAreStoredOnceAndRecognisedAfterwards() async throws {
        let pipeline = try pipeline()
        let seeds = Fixtures.seeds.map(\.path)
        #expect(try await run(pipeline, seeds).map(\.kind) == Array(repeating: .new, count: 5))
        #expect(try await run(pipeline, seeds).map(\.kind) == Array(repeating: .duplicate, count: 5))
    }

    @Test func outcomesComeInInputOrderAcrossBatches() async throws {
        let pipeline = try pipeline(batchSize: 2)
        var paths: [String] = []
        for index in 0..<9 {
            paths.append(try directory.write("f\(index).txt", "Report \(index): " + String(repeating: "token\(index) ", count: 60)))
        }
        let outcomes = try await run(pipeline, paths)
        #expect(outcomes.map(\.file) == paths)
        #expect(outcomes.map(\.sequence) == Array(1...9))
    }

    @Test func unusableFilesAreRejectedAndTheRestStored() async throws {
        let pipeline = try pipeline()
        let good = Fixtures.seed("002").path
        let empty = try directory.write("empty.txt", "")
        let binary = try directory.write("bad.bin", Array("seventeen bytes..".utf8) + [0, 0xFF])
        let outcomes = try await run(pipeline, [empty, good, binary, directory.path("missing.txt")])
        #expect(outcomes.map(\.kind) == [.rejected, .new, .rejected, .rejected])
        #expect(outcomes.map(\.reason) == ["empty file", nil, "not text (NUL byte at offset 17)", "unreadable (no such file)"])
    }

    /// The pipeline compresses a file's bytes on its reading threads; every item of the
    /// file must still keep exactly the file's bytes, and `verify` must prove them.
    @Test func everyItemKeepsTheFilesBytesCompressedOffTheWriter() async throws {
        let pipeline = try pipeline()
        let items = (1...2).map { index in
            let body = String(repeating: "Harbour report \(index) on grain shipments. ", count: 30)
            return "{\"title\": \"Item \(index)\", \"body\": \"\(body)\"}"
        }
        let array = try directory.write("items.json", "[" + items.joined(separator: ",") + "]")
        let text = Fixtures.seed("003").path
        let outcomes = try await run(pipeline, [array, text])
        #expect(outcomes.map(\.kind) == [.new, .new])
        let stored = try DatabaseQueue(path: pipeline.settings.storePath).read { db in
            try Row.fetchAll(db, sql: "SELECT file, raw, raw_size, raw_encoding FROM articles ORDER BY id")
        }
        #expect(stored.map { $0["file"] as String } == [array, array, text])
        for row in stored {
            #expect(row["raw_encoding"] as String? == "zstd")
            let bytes = RawBytesCompression.decompress(row["raw"], size: row["raw_size"])
            #expect(bytes == Array(try Data(contentsOf: URL(fileURLWithPath: row["file"]))))
        }
        #expect(try pipeline.store.verify().passed)
    }

    @Test func inputFilesAreNeverModified() async throws {
        let path = try directory.write("article.txt", Fixtures.seedText("001"))
        let before = try FileManager.default.attributesOfItem(atPath: path)
        _ = try await run(try pipeline(), [path])
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(Fixtures.seedBytes("001")))
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
    }
}
