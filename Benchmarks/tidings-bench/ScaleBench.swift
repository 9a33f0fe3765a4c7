import ArgumentParser
import Foundation
import Glibc
import TidingsCore
import TidingsDaemon
import TidingsStore

/// How ingest cost and start-up time change as the store grows: fills one store to each
/// size in turn, and at each size times a probe of fresh files (originals and copies)
/// through parse, fingerprint and commit, and how long `tidings run` takes to READY on it.
struct ScaleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "Measure per-file ingest cost and time to READY as the store grows.")

    @Option(help: "Store sizes, in articles, to measure at (comma-separated).")
    var sizes = "10000,100000,1000000"

    @Option(help: "Files in each probe.")
    var probe = 2000

    @Option(help: "Where the store is made.")
    var directory = ".bench/scale"

    func run() async throws {
        let targets = sizes.split(separator: ",").compactMap { Int($0) }.sorted()
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let storePath = root + "/store.sqlite"
        let settings = Settings()
        var store = try SQLiteStore(path: storePath, access: .readWrite)
        var seed: UInt64 = 1
        var articles = 0
        for target in targets {
            while articles < target {
                let chunk = min(20_000, Int(Double(target - articles) * 1.1) + 100)
                articles += try await ingest(generated(chunk, seed: seed), into: store, settings: settings).articles
                seed += 1
            }
            let probeFiles = generated(probe, seed: 1_000_000 + seed)
            let (articlesAdded, seconds) = try await timed { try await ingest(probeFiles, into: store, settings: settings) }
            articles += articlesAdded.articles
            seed += 1
            try store.close()
            let size = Double((try FileManager.default.attributesOfItem(atPath: storePath)[.size] as? NSNumber)?.int64Value ?? 0) / 1_073_741_824
            let cold = Self.dropPageCache() ? String(format: "%.2f s cold (page cache dropped), ", try readyTime(store: storePath, root: root)) : ""
            let warm = try readyTime(store: storePath, root: root)
            print(String(format: "store of %d articles (%.1f GiB): per-file ingest cost %.0f µs (%.0f files/s, %d-file probe; %.0f µs of it search indexing); tidings run READY after %@%.2f s warm",
                         articles, size, seconds * 1e6 / Double(probe), Double(probe) / seconds, probe, articlesAdded.indexingSeconds * 1e6 / Double(probe), cold, warm))
            fflush(nil)   // one line per size, as it is measured
            store = try SQLiteStore(path: storePath, access: .readWrite)
        }
    }

    /// Files of a fresh corpus (its own seed, so its own vocabulary): two originals to one copy.
    private func generated(_ count: Int, seed: UInt64) -> [CorpusGenerator.File] {
        var generator = CorpusGenerator(seed: seed, originals: Int((Double(count) / 1.5).rounded()), copyShare: 0.5)
        return generator.generate()
    }

    /// Parses and fingerprints on every core while the previous batch commits: the
    /// pipeline's work, without the file system. Returns the articles added.
    private func ingest(_ files: [CorpusGenerator.File], into store: SQLiteStore, settings: Settings) async throws -> (articles: Int, indexingSeconds: Double) {
        let parser = ArticleParser(limits: settings.limits)
        let batches = stride(from: 0, to: files.count, by: settings.batchSize).map { Array(files[$0..<min($0 + settings.batchSize, files.count)]) }
        guard let first = batches.first else { return (0, 0) }
        var added = 0, unindexed = 0, indexing = 0.0
        var prepared = await Self.prepare(first, parser)
        for index in batches.indices {
            async let following = index + 1 < batches.count ? Self.prepare(batches[index + 1], parser) : []
            let stored = try store.commit(prepared, deduplicator: settings.deduplicator).count { $0.articleID != nil }
            added += stored
            unindexed += stored
            // Search indexed in rounds while the next batch is parsed, as `tidings ingest` does.
            if unindexed >= IngestPipeline.searchRound {
                indexing += try timed { _ = try store.indexForSearch(limit: IngestPipeline.searchRound) }.1
                unindexed = 0
            }
            prepared = await following
        }
        indexing += try timed { while try store.indexForSearch(limit: IngestPipeline.searchRound).behind > 0 {} }.1
        return (added, indexing)
    }

    /// Empties the kernel's page cache (root only), so READY is measured as after a reboot.
    private static func dropPageCache() -> Bool {
        sync()
        guard let handle = FileHandle(forWritingAtPath: "/proc/sys/vm/drop_caches") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Array("3\n".utf8))) != nil
    }

    private static func prepare(_ batch: [CorpusGenerator.File], _ parser: ArticleParser) async -> [IngestItem] {
        await withTaskGroup(of: (Int, IngestItem).self) { group in
            for (index, file) in batch.enumerated() {
                group.addTask {
                    let content: IngestItem.Content
                    do throws(Rejection) {
                        let article = try parser.parse(file.bytes)
                        content = .article(article, Fingerprint(body: article.body))
                    } catch {
                        content = .rejected(error)
                    }
                    return (index, IngestItem(file: file.name, size: file.bytes.count, contentSHA256: SHA256Hex.of(file.bytes), content: content))
                }
            }
            var items: [(Int, IngestItem)] = []
            for await item in group { items.append(item) }
            return items.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func timed<T>(_ work: () async throws -> T) async throws -> (T, Double) {
        let start = ContinuousClock.now
        let result = try await work()
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private func timed<T>(_ work: () throws -> T) throws -> (T, Double) {
        let start = ContinuousClock.now
        let result = try work()
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Seconds from starting `tidings run` on the store to its READY=1, read from a
    /// notification socket of our own, the way systemd reads it.
    private func readyTime(store: String, root: String) throws -> Double {
        for sub in ["inbox", "rejected"] { try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true) }
        let socketPath = root + "/notify.sock"
        unlink(socketPath)
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(socket); unlink(socketPath) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw ValidationError("cannot bind \(socketPath): \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tidings")
        daemon.arguments = ["run", "--inbox", root + "/inbox", "--store", store, "--rejected", root + "/rejected"]
        daemon.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIDINGS_") }.merging(["NOTIFY_SOCKET": socketPath]) { $1 }
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        let start = ContinuousClock.now
        try daemon.run()
        defer { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { throw ValidationError("tidings run sent no READY=1 within 120 s") }
            if String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n").contains("READY=1") { break }
        }
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
