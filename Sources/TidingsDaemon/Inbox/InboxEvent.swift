import LinuxSystem
import TidingsStore

/// What the watcher reports about the inbox.
enum InboxEvent: Sendable, Equatable {
    /// An entry appeared or was written; how decides whether it must settle first. It is
    /// named by its path in the inbox (`feed/2026-12-01/a.txt`).
    case entry(FileName, InboxEntrySource)
    /// A folder appeared in the inbox tree: to be watched, then scanned. Moved in
    /// (`.movedIn`), its files are complete by the Maildir convention; made in place
    /// (`.written`), they settle like any file written in place.
    case folder(FileName, InboxEntrySource)
    /// The kernel dropped events (`IN_Q_OVERFLOW`): only a full rescan is safe.
    case overflow
    /// The inbox directory itself was deleted or moved away.
    case inboxGone(String)
}

/// How the daemon learned of an entry.
package enum InboxEntrySource: Sendable, Equatable {
    /// Renamed into the inbox (`IN_MOVED_TO`): complete by the Maildir convention.
    case movedIn
    /// Written and closed (`IN_CLOSE_WRITE`) or created (`IN_CREATE`): it is read only
    /// once it has been still for the settle window.
    case written
    /// Found by a scan: settles like ``written``, but never overrides what an event said.
    case scanned
}

/// One inbox entry waiting to be looked at: a name in the inbox, or a file already claimed
/// (moved to the claims directory) and waiting to be read.
package struct InboxEntry: Sendable, Equatable {
    /// Its name in the inbox, as bytes; the journal records it as text (``FileName/description``).
    package let name: FileName
    package let source: InboxEntrySource
    /// How the file looked when it was last looked at, and when: it is read once it has
    /// looked the same for the settle window.
    package var observed: Observation?
    /// Set once the file is claimed.
    package var claim: Claim?
    /// A file that was being read when an earlier run of the daemon stopped: it is read
    /// alone, so that if it stops the daemon again no other file is blamed with it.
    package var isSuspect = false
    /// When the daemon first heard of the file (an event or a scan): the start of its
    /// drop-to-commit latency (`tidings_drop_to_commit_seconds`).
    package var arrivedAt: ContinuousClock.Instant?

    package init(name: FileName, source: InboxEntrySource, observed: Observation? = nil, claim: Claim? = nil, isSuspect: Bool = false) {
        self.name = name
        self.source = source
        self.observed = observed
        self.claim = claim
        self.isSuspect = isSuspect
    }

    /// Where the entry is: a name in the inbox, or a token in the claims directory. A file
    /// claimed and a new file delivered under its name are two entries.
    package var key: Key { claim.map { .claimed($0.token) } ?? .inbox(name) }

    package enum Key: Hashable, Sendable {
        case inbox(FileName)
        case claimed(String)
    }
}

/// A file's identity as seen at one instant of the daemon's clock.
package struct Observation: Sendable, Equatable {
    package let identity: FileIdentity
    package let at: ContinuousClock.Instant

    package init(_ identity: FileIdentity, at instant: ContinuousClock.Instant) {
        self.identity = identity
        self.at = instant
    }
}
