import Synchronization
import TidingsCore
import TidingsStore

/// A real SQLite store whose next commits fail with the errors a test lines up: a full
/// disk, a busy store, an I/O error, as SQLite would report them. Everything else is the
/// real store's.
final class FlakyStore: ArticleStore, ClaimStore {
    let real: SQLiteStore
    private let failures = Mutex<[StoreError]>([])
    private let closed = Mutex(0)

    init(_ real: SQLiteStore) { self.real = real }

    /// The next `count` commits throw `error` and record nothing.
    func failNext(_ count: Int, with code: StoreError.Code) {
        failures.withLock { $0 += Array(repeating: StoreError(code, "injected \(code)"), count: count) }
    }

    /// How many times the daemon closed this store.
    var closeCount: Int { closed.withLock { $0 } }

    func commit(_ items: [IngestItem], deduplicator: Deduplicator) throws -> [IngestOutcome] {
        if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
        return try real.commit(items, deduplicator: deduplicator)
    }

    func close() throws(StoreError) { closed.withLock { $0 += 1 } }

    var path: String { real.path }
    func article(id: Int64) throws -> StoredArticle? { try real.article(id: id) }
    func versions(ofGUID guid: String) throws -> [StoredArticle] { try real.versions(ofGUID: guid) }
    func withdrawals(ofGUID guid: String) throws -> [JournalEntry] { try real.withdrawals(ofGUID: guid) }
    func removal(of articleID: Int64) throws -> Removal? { try real.removal(of: articleID) }
    func variants(of id: Int64) throws -> [StoredArticle] { try real.variants(of: id) }
    func duplicates(of id: Int64) throws -> [JournalEntry] { try real.duplicates(of: id) }
    func list(limit: Int, includeVariants: Bool, inbox: String?) throws -> [StoredArticle] {
        try real.list(limit: limit, includeVariants: includeVariants, inbox: inbox)
    }
    func search(_ query: SearchQuery, limit: Int) throws -> [SearchHit] { try real.search(query, limit: limit) }
    func indexForSearch(limit: Int) throws -> SearchIndexProgress { try real.indexForSearch(limit: limit) }
    func searchBacklog() throws -> Int { try real.searchBacklog() }
    func stats() throws -> StoreStats { try real.stats() }
    func forEachJournalEntry(after sequence: Int64, _ body: (JournalEntry, StoredArticle?) throws -> Void) throws {
        try real.forEachJournalEntry(after: sequence, body)
    }
    func verify() throws -> VerificationReport { try real.verify() }
    func recordAttempts(_ files: [(token: String, file: String)], releasing released: [String]) throws -> [Claim] {
        try real.recordAttempts(files, releasing: released)
    }
    func claims() throws -> [Claim] { try real.claims() }
}
