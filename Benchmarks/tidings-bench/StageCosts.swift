import Foundation
import TidingsCore
import TidingsDaemon
import TidingsStore

/// The cost of each stage on one core: read, parse, normalise, fingerprint (shingles and
/// SHA-256), index lookup with verification, and commit.
///
/// The lookup is timed read-only, for the second half of the files against a store of the
/// first half; commit is the rest of what the writer does (inserts, FTS5, journal, fsync),
/// from timing the whole dedup-and-commit minus that lookup.
struct StageCosts {
    let paths: [String]
    let settings: Settings
    let storePath: String

    func report() throws {
        let clock = ContinuousClock()
        let reader = ArticleFileReader(maxFileBytes: settings.limits.maxFileBytes, followsSymbolicLinks: false)
        let parser = ArticleParser(limits: settings.limits)
        var read = Duration.zero, parse = Duration.zero, normalise = Duration.zero, fingerprint = Duration.zero
        var items: [IngestItem] = []
        for path in paths {
            var result: ArticleFileReader.Result = .bytes([])
            read += clock.measure { result = reader.read(path) }
            guard case .bytes(let bytes) = result else { continue }
            var article: ParsedArticle?
            parse += clock.measure { article = try? parser.parse(bytes) }
            guard let article else { continue }
            var normal = ""
            normalise += clock.measure { normal = TextNormalizer.normalize(article.body) }
            fingerprint += clock.measure { _ = (SHA256Hex.of(Array(normal.utf8)), ShingleSet(normalized: normal)) }
            items.append(IngestItem(file: path, size: bytes.count, contentSHA256: SHA256Hex.of(bytes), content: .article(article, Fingerprint(body: article.body))))
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
        let store = try SQLiteStore(path: storePath, access: .readWrite)
        let half = items.count / 2
        func commit(_ slice: ArraySlice<IngestItem>) throws -> Duration {
            try clock.measure {
                for start in stride(from: slice.startIndex, to: slice.endIndex, by: settings.batchSize) {
                    _ = try store.commit(Array(slice[start..<min(start + settings.batchSize, slice.endIndex)]), deduplicator: settings.deduplicator)
                }
            }
        }
        var writer = try commit(items[..<half])
        let lookup = try clock.measure {
            for item in items[half...] {
                guard case .article(_, let print) = item.contents[0] else { continue }
                _ = try store.classify(print, deduplicator: settings.deduplicator)
            }
        }
        writer += try commit(items[half...])
        func perFile(_ duration: Duration, over count: Int) -> Double {
            (Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12) / Double(max(1, count))
        }
        let lookupPerFile = perFile(lookup, over: items.count - half)
        print(String(format: "\nstage costs per file, one core: read %.0f µs · parse %.0f µs · normalise %.0f µs · fingerprint %.0f µs · index lookup %.0f µs · commit %.0f µs",
                     perFile(read, over: paths.count), perFile(parse, over: paths.count), perFile(normalise, over: items.count),
                     perFile(fingerprint, over: items.count), lookupPerFile, perFile(writer, over: items.count) - lookupPerFile))
    }
}
