import TidingsCore

/// What recording a batch asks of a store, inside its write transaction: the lookups the
/// deduplicator makes (``CandidateSource``), and the few reads and appends that follow.
/// Each store implements these; ``BatchRecorder`` decides, the same way for both.
protocol BatchWrites: CandidateSource {
    /// The outcome this very file (inbox, name, size, content hash) was given before, if
    /// any: a file is recorded once, and delivered again it is replayed.
    func replayedOutcome(for item: IngestItem) throws -> IngestOutcome?
    /// The stored article that is the current version of `guid`: the highest version, the
    /// latest received among equals.
    func currentVersion(of guid: String) throws -> (id: Int64, version: Int?)?
    /// Whether a takedown removed article `id`.
    func isRemoved(_ id: Int64) throws -> Bool
    /// Stores an article with its sample in the candidate index; returns its id.
    func insertArticle(_ article: NewArticle) throws -> Int64
    /// Appends one item's journal entry; returns its sequence number.
    func appendJournal(_ entry: NewJournalEntry) throws -> Int64
}

/// An article about to be stored, with everything its row records.
struct NewArticle {
    let article: ParsedArticle
    let fingerprint: Fingerprint
    let item: IngestItem
    let recordedAt: String
    let canonical: (id: Int64, similarity: Double)?
    let previous: Int64?

    /// The sample of the article's shingles the candidate index keeps.
    var sample: (modulus: UInt64, hashes: [UInt64]) {
        let modulus = fingerprint.shingles.indexModulus
        return (modulus, fingerprint.shingles.sample(modulus: modulus))
    }
}

/// A journal entry about to be appended.
struct NewJournalEntry {
    let item: IngestItem
    let place: (item: Int, of: Int)?
    let recordedAt: String
    let outcome: IngestOutcome.Kind
    var articleID: Int64? = nil
    var duplicateOf: Int64? = nil
    var similarity: Double? = nil
    var reason: String? = nil
    var guid: String? = nil
}

/// Classifies each item of a batch against the store and the items before it, and records
/// its outcome: the decisions every store makes alike.
struct BatchRecorder<Writes: BatchWrites> {
    let writes: Writes
    let deduplicator: Deduplicator
    let recordedAt: String

    /// The file's outcome: for a file of several items, each item is recorded in order and
    /// the file's outcome is its first stored item's (a claim then points at an entry that
    /// says the file was stored), with every item's outcome among its parts.
    func record(_ item: IngestItem) throws -> IngestOutcome {
        if item.replayable, let earlier = try writes.replayedOutcome(for: item) { return earlier }
        guard item.contents.count > 1 else {
            return try record(item.contents[0], of: item, place: nil)
        }
        let parts = try item.contents.enumerated().map { index, content in
            try record(content, of: item, place: (index + 1, item.contents.count))
        }
        return Self.fileOutcome(parts)
    }

    static func fileOutcome(_ parts: [IngestOutcome]) -> IngestOutcome {
        var outcome = parts.first { $0.kind != .rejected } ?? parts[parts.count - 1]
        outcome.parts = parts
        return outcome
    }

    private func record(_ content: IngestItem.Content, of item: IngestItem, place: (item: Int, of: Int)?) throws -> IngestOutcome {
        func outcome(_ kind: IngestOutcome.Kind, article: Int64? = nil, of other: Int64? = nil, similarity: Double? = nil, reason: String? = nil, guid: String? = nil) throws -> IngestOutcome {
            let sequence = try writes.appendJournal(NewJournalEntry(
                item: item, place: place, recordedAt: recordedAt, outcome: kind, articleID: article, duplicateOf: other,
                similarity: similarity, reason: reason, guid: guid))
            var result = IngestOutcome(
                sequence: sequence, file: item.file, kind: kind, articleID: article, duplicateOf: other, similarity: similarity, reason: reason)
            result.item = place?.item
            return result
        }
        func store(_ article: ParsedArticle, _ fingerprint: Fingerprint, canonical: (id: Int64, similarity: Double)? = nil, previous: Int64? = nil) throws -> Int64 {
            try writes.insertArticle(NewArticle(
                article: article, fingerprint: fingerprint, item: item, recordedAt: recordedAt, canonical: canonical, previous: previous))
        }
        switch content {
        case .rejected(let rejection):
            var rejected = try outcome(.rejected, reason: rejection.message)
            rejected.rejectionCode = rejection.code
            return rejected
        case .article(let article, let fingerprint):
            let current = try article.guid.flatMap { try writes.currentVersion(of: $0) }
            if let status = article.status, status != .usable {
                let reason = Self.withdrawalReason(status, article, found: current != nil)
                return try outcome(.withdrawn, of: current?.id, reason: reason, guid: article.guid)
            }
            let verdict = try deduplicator.classify(fingerprint, in: writes)
            if case .duplicate(let existing) = verdict {
                return try outcome(.duplicate, of: existing, guid: article.guid)
            }
            if let current {
                // Another version of a stored item: linked to it, never a near-duplicate of it.
                if (article.version ?? 0) >= (current.version ?? 0) {
                    let id = try store(article, fingerprint, previous: current.id)
                    return try outcome(.update, article: id, of: current.id, guid: article.guid)
                }
                let id = try store(article, fingerprint)
                return try outcome(.olderVersion, article: id, of: current.id, guid: article.guid)
            }
            guard case .nearDuplicate(let canonical, let similarity) = verdict else {
                let id = try store(article, fingerprint)
                return try outcome(.new, article: id, guid: article.guid)
            }
            if try writes.isRemoved(canonical) {
                // A copy of a story taken down is not stored again: it is journaled as a
                // duplicate of the removed article, with how close it came.
                return try outcome(.duplicate, of: canonical, similarity: similarity, guid: article.guid)
            }
            let id = try store(article, fingerprint, canonical: (canonical, similarity))
            return try outcome(.nearDuplicate, article: id, of: canonical, similarity: similarity, guid: article.guid)
        }
    }

    private static func withdrawalReason(_ status: PublicationStatus, _ article: ParsedArticle, found: Bool) -> String {
        let version = article.version.map { " in version \($0)" } ?? ""
        let what = status == .canceled ? "canceled (killed) by its sender" : "withheld by its sender"
        let missing = found ? "" : "; no stored article has its guid \(article.guid ?? "(none)") yet"
        return "\(what)\(version)\(missing)"
    }
}
