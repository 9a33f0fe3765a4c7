import LinuxSystem
import Logging
import TidingsCore
import TidingsStore

/// What the daemon finds at start in the claims directory: the files it was reading when
/// it last stopped without finishing them.
///
/// A file whose claim a commit marked was recorded already: it is only disposed of (its
/// outcome replayed), never read again. Every other claimed file is a suspect: it goes back
/// to the queue to be read again, alone (or to be quarantined, if reading it has stopped
/// the daemon `inbox.max_attempts` times). A claim whose file is gone was disposed of
/// already and is released. A file without a claim (the store was replaced meanwhile) goes
/// back to the inbox under its token, to be taken afresh.
enum ClaimRecovery {
    struct Found {
        /// To read again, alone, or to quarantine unread.
        var suspects: [InboxEntry] = []
        /// Committed but not disposed of: each with the path it is at.
        var committed: [(outcome: IngestOutcome, path: String)] = []
    }

    /// The one inbox's claims (see ``recover(_:store:maxAttempts:logger:)``).
    static func recover(
        _ claims: ClaimsDirectory, store: any ClaimStore, directories: InboxDirectories, maxAttempts: Int, logger: Logger
    ) throws -> Found {
        try recover([(directories, claims)], store: store, maxAttempts: maxAttempts, logger: logger)[0]
    }

    /// What each inbox's claims directory holds, in the order of `inboxes`. The store's
    /// claims are the daemon's, across all its inboxes: each belongs to the inbox whose
    /// claims directory holds its token, and one that none holds was disposed of already.
    /// Blocks: run it on the writer thread before the daemon takes new files.
    static func recover(
        _ inboxes: [(directories: InboxDirectories, claims: ClaimsDirectory)], store: any ClaimStore, maxAttempts: Int, logger: Logger
    ) throws -> [Found] {
        let tokens = try inboxes.map { Set(try $0.claims.tokens()) }
        let recorded = try store.claims()
        var found = [Found](repeating: Found(), count: inboxes.count)
        var released: [String] = []
        for claim in recorded {
            guard let index = tokens.firstIndex(where: { $0.contains(claim.token) }) else {
                released.append(claim.token)
                continue
            }
            let (directories, claims) = inboxes[index]
            if let outcome = claim.committed {
                found[index].committed.append((outcome, claims.path(claim.token)))
                continue
            }
            found[index].suspects.append(InboxEntry(name: FileName(claim.file), source: .movedIn, claim: claim, isSuspect: true))
            let what = claim.attempts >= maxAttempts ? "it is quarantined unread" : "it is read again, alone"
            logger.warning("tidings stopped while reading \(claim.file) (\(claim.attempts) of \(maxAttempts) attempts); \(what)", metadata: [
                "file": .string(claim.file), "attempts": .stringConvertible(claim.attempts), "inbox": .string(directories.name),
            ])
        }
        let known = Set(recorded.map(\.token))
        for ((directories, claims), tokens) in zip(inboxes, tokens) {
            let claimsDirectory = try DirectoryHandle.open(claims.path)
            for token in tokens.subtracting(known).sorted() {
                let metadata: Logger.Metadata = ["file": .string(token), "inbox": .string(directories.name)]
                do {
                    try directories.tree.putBack(FileName(token), from: claimsDirectory, at: FileName(token))
                    logger.warning("a claimed file without a claim went back to the inbox as \(token)", metadata: metadata)
                } catch {
                    logger.error("a claimed file without a claim cannot go back to the inbox: \(error)", metadata: metadata)
                }
            }
        }
        _ = try store.recordAttempts([], releasing: released)
        return found
    }
}
