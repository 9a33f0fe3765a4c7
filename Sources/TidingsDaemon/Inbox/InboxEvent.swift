import LinuxSystem

/// What the watcher reports about the inbox.
enum InboxEvent: Sendable, Equatable {
    /// An entry appeared or was written; how decides whether it must settle first.
    case entry(String, InboxEntrySource)
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

/// One inbox entry waiting to be looked at.
package struct InboxEntry: Sendable, Equatable {
    package let name: String
    package let source: InboxEntrySource
    /// How the file looked when it was last looked at, and when: it is read once it has
    /// looked the same for the settle window.
    package var observed: Observation?

    package init(name: String, source: InboxEntrySource, observed: Observation? = nil) {
        self.name = name
        self.source = source
        self.observed = observed
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
