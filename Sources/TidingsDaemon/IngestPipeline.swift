import Foundation
import TidingsCore
import TidingsStore

/// The path every file takes: read → parse → fingerprint → deduplicate and commit.
///
/// Reading, parsing and fingerprinting run in parallel across cores; one writer commits
/// batches (group commit) while the next batch is being prepared. `tidings ingest` and the
/// daemon both go through here.
public struct IngestPipeline: Sendable {
    public let store: any ArticleStore
    public let parser: ArticleParser
    public let reader: ArticleFileReader
    public let deduplicator: Deduplicator
    public let batchSize: Int
    /// Whether a file the journal already records (same name, size and content) is replayed
    /// rather than recorded again: a daemon restarted after a crash between commit and
    /// disposal finds such files still in the inbox.
    public let replaysJournal: Bool

    /// Files named on the command line: links are followed, nothing waits for writers.
    /// The daemon's inbox: links are never followed and files a writer holds are retried.
    public enum Mode: Sendable {
        case commandLine
        case inbox
    }

    /// What preparing one file gave.
    public enum Preparation: Sendable {
        case item(IngestItem)
        /// A writer is still at work on the file: try again later.
        case busy(String)
    }

    public init(store: any ArticleStore, settings: Settings, mode: Mode) {
        self.store = store
        self.parser = ArticleParser(limits: settings.limits)
        self.reader = ArticleFileReader(
            maxFileBytes: settings.limits.maxFileBytes, followsSymbolicLinks: mode == .commandLine, watchesWriters: mode == .inbox)
        self.replaysJournal = mode == .inbox
        self.deduplicator = settings.deduplicator
        self.batchSize = settings.batchSize
    }

    /// Reads, parses and fingerprints one file. Never throws: a file that cannot be used
    /// becomes a rejected item with its reason.
    public func prepare(path: String, name: String) -> Preparation {
        switch reader.read(path) {
        case .busy(let reason):
            return .busy(reason)
        case .rejected(let rejection, let size):
            return .item(rejected(name, rejection, size: size))
        case .bytes(let bytes):
            let hash = SHA256Hex.of(bytes)
            do {
                let article = try parser.parse(bytes, fileName: name)
                return .item(item(name, size: bytes.count, hash: hash, .article(article, Fingerprint(body: article.body))))
            } catch {
                return .item(item(name, size: bytes.count, hash: hash, .rejected(error)))
            }
        }
    }

    /// An item for a file rejected without being read.
    public func rejected(_ name: String, _ rejection: Rejection, size: Int?) -> IngestItem {
        item(name, size: size, hash: nil, .rejected(rejection))
    }

    private func item(_ name: String, size: Int?, hash: String?, _ content: IngestItem.Content) -> IngestItem {
        IngestItem(file: name, size: size, contentSHA256: hash, content: content, replayable: replaysJournal)
    }

    /// Ingests `paths` in order, calling `onOutcome` for each file once its batch is durably
    /// committed. Throws when a commit fails; files of that batch and later are not recorded.
    public func ingest(paths: [String], onOutcome: (IngestOutcome) throws -> Void) async throws {
        let batches = stride(from: 0, to: paths.count, by: batchSize).map {
            Array(paths[$0..<min($0 + batchSize, paths.count)])
        }
        guard let first = batches.first else { return }
        var prepared = await prepare(batch: first)
        for index in batches.indices {
            async let following = index + 1 < batches.count ? prepare(batch: batches[index + 1]) : []
            for outcome in try store.commit(prepared, deduplicator: deduplicator) { try onOutcome(outcome) }
            prepared = await following
        }
    }

    /// Prepares a batch on every core, keeping the input order.
    func prepare(batch paths: [String]) async -> [IngestItem] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, paths.count))
        let sliceSize = (paths.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [IngestItem]).self) { group in
            for start in stride(from: 0, to: paths.count, by: sliceSize) {
                let slice = paths[start..<min(start + sliceSize, paths.count)]
                group.addTask {
                    (start, slice.map { path in
                        switch prepare(path: path, name: path) {
                        case .item(let item): item
                        // Only the inbox mode watches writers; files named on the command line are read as they are.
                        case .busy(let reason): rejected(path, Rejection(.unreadable, "unreadable (\(reason))"), size: nil)
                        }
                    })
                }
            }
            var slices: [(Int, [IngestItem])] = []
            for await slice in group { slices.append(slice) }
            return slices.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
