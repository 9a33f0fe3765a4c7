import LinuxSystem
import Logging
import SystemPackage
import TidingsCore
import TidingsStore

/// Claims the entries of a batch before any of them is opened: records the attempt in the
/// store (durably), then moves each file from the inbox into the claims directory.
///
/// The record comes first, so a file being read when the daemon dies is known after the
/// restart, with how many reads of it have ended so. A file that was being read at each
/// of the last `inbox.max_attempts` deaths is not read again: it is quarantined unread.
struct Claimer {
    /// What became of one entry.
    enum Claimed {
        /// Claimed: read it from the claims directory.
        case read(InboxEntry)
        /// Reading it was begun `inbox.max_attempts` times and each time the daemon stopped.
        case exhausted(InboxEntry)
        /// Gone before it could be moved; its token is to be released.
        case gone(token: String)
        /// It could not be moved; it stays in the inbox.
        case failed(InboxEntry, SystemCallError, token: String)
    }

    let store: any ClaimStore
    let directories: InboxDirectories
    let claims: ClaimsDirectory
    let maxAttempts: Int

    /// Claims `entries` (and releases the `released` tokens in the same transaction).
    /// Entries claimed earlier in this run are passed through: their attempt is counted.
    /// Blocks: run it on the writer thread.
    func claim(_ entries: [InboxEntry], releasing released: [String]) throws -> [Claimed] {
        var outcomes = [Claimed?](repeating: nil, count: entries.count)
        var toRecord: [(index: Int, token: String)] = []
        for (index, entry) in entries.enumerated() {
            if let claim = entry.claim {
                if !entry.isSuspect {
                    outcomes[index] = .read(entry)
                } else if claim.attempts >= maxAttempts {
                    outcomes[index] = .exhausted(entry)
                } else {
                    toRecord.append((index, claim.token))
                }
            } else {
                toRecord.append((index, ClaimsDirectory.newToken()))
            }
        }
        let recorded = try store.recordAttempts(toRecord.map { ($0.token, entries[$0.index].name.description) }, releasing: released)
        let claimsDirectory = try? DirectoryHandle.open(claims.path)
        for ((index, token), claim) in zip(toRecord, recorded) {
            var entry = entries[index]
            let alreadyThere = entry.claim != nil
            entry.claim = claim
            entry.isSuspect = false
            guard !alreadyThere else {
                outcomes[index] = .read(entry)
                continue
            }
            do throws(SystemCallError) {
                guard let claimsDirectory else { throw SystemCallError(call: "open", path: claims.path, errno: .noSuchFileOrDirectory) }
                try directories.tree.move(entry.name, to: claimsDirectory, as: FileName(token))
                outcomes[index] = .read(entry)
            } catch where error.errno == .noSuchFileOrDirectory {
                outcomes[index] = .gone(token: token)
            } catch {
                outcomes[index] = .failed(entries[index], error, token: token)
            }
        }
        return outcomes.map { $0! }
    }

    /// Moves the claimed ones of `entries` — claimed, not committed — back to the inbox under
    /// their names, unless a producer delivered another file of that name meanwhile (then
    /// it stays claimed, for the next start). Returns the tokens of the files moved back,
    /// whose claims are to be released. Blocks: run it on the writer thread.
    static func returnToInbox(_ entries: [InboxEntry], directories: InboxDirectories, claims: ClaimsDirectory) -> [String] {
        guard let claimsDirectory = try? DirectoryHandle.open(claims.path) else { return [] }
        return entries.compactMap { entry in
            guard let token = entry.claim?.token else { return nil }
            return (try? directories.tree.putBack(FileName(token), from: claimsDirectory, at: entry.name)) != nil ? token : nil
        }
    }

    /// The reason a file is quarantined unread after `attempts` interrupted reads.
    static func exhaustedReason(attempts: Int) -> Rejection {
        Rejection(.attemptsExhausted, "not read again: tidings stopped \(attempts) times while reading this file (a crash, a kill or its watchdog); quarantined so that it cannot stop ingestion again (inbox.max_attempts)")
    }
}
