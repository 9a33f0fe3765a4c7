import Foundation
import TidingsCore
import TidingsDaemon
import TidingsStore

/// The cost of each stage on one core: read, parse, fingerprint, then deduplicate and
/// commit (which includes the index lookups and FTS5 indexing).
struct StageCosts {
    let paths: [String]
    let settings: Settings
    let storePath: String

    func report() throws {
        let clock = ContinuousClock()
        let reader = ArticleFileReader(maxFileBytes: settings.limits.maxFileBytes, followsSymbolicLinks: false)
        let parser = ArticleParser(limits: settings.limits)
        var read = Duration.zero, parse = Duration.zero, fingerprint = Duration.zero
        var items: [IngestItem] = []
        for path in paths {
            var result: ArticleFileReader.Result = .bytes([])
            read += clock.measure { result = reader.read(path) }
            guard case .bytes(let bytes) = result else { continue }
            var article: ParsedArticle?
            parse += clock.measure { article = try? parser.parse(bytes) }
            guard let article else { continue }
            var print: Fingerprint?
            fingerprint += clock.measure { print = Fingerprint(body: article.body) }
            items.append(IngestItem(file: path, size: bytes.count, contentSHA256: SHA256Hex.of(bytes), content: .article(article, print!)))
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
        let store = try SQLiteStore(path: storePath, access: .readWrite)
        let commit = try clock.measure {
            for start in stride(from: 0, to: items.count, by: settings.batchSize) {
                _ = try store.commit(Array(items[start..<min(start + settings.batchSize, items.count)]), deduplicator: settings.deduplicator)
            }
        }
        func perFile(_ duration: Duration) -> String {
            String(format: "%.0f µs", (Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12) / Double(paths.count))
        }
        print("\nstage costs per file, one core: read \(perFile(read)) · parse \(perFile(parse)) · fingerprint \(perFile(fingerprint)) · dedup+commit \(perFile(commit))")
    }
}
