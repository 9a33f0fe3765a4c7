import TidingsCore

/// A file the daemon took out of the inbox to read it, recorded before it is opened.
package struct Claim: Sendable, Equatable {
    /// Its name in the claims directory, where it stays until it is disposed of.
    package let token: String
    /// Its name in the inbox: the name the journal records.
    package let file: String
    /// How many times reading it began, this time included. A file that was being read
    /// when the daemon stopped unexpectedly has one attempt more than reads that ended.
    package let attempts: Int
    /// Its outcome, once a commit recorded it (the claim stays until the file is disposed of).
    package let committed: IngestOutcome?

    package init(token: String, file: String, attempts: Int, committed: IngestOutcome? = nil) {
        self.token = token
        self.file = file
        self.attempts = attempts
        self.committed = committed
    }
}

/// Where the daemon records its claims, durably, so that after a crash it knows which
/// files it was reading, how often reading each one has ended in a crash, and which of them
/// were committed already (``ArticleStore/commit(_:deduplicator:)`` marks the claim of each
/// item it records, in the same transaction): such a file is only disposed of.
package protocol ClaimStore: Sendable {
    /// Records in one durable transaction that these files are about to be read — a new
    /// token with one attempt, a known token with one more — and forgets the claims of
    /// `released` tokens (files disposed of). Returns the claims as recorded, in order.
    func recordAttempts(_ files: [(token: String, file: String)], releasing released: [String]) throws -> [Claim]
    /// Every claim not released, with its outcome if it was committed.
    func claims() throws -> [Claim]
}
