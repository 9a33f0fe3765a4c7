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
enum InboxEntrySource: Sendable, Equatable {
    /// Renamed into the inbox (`IN_MOVED_TO`): complete by the Maildir convention.
    case movedIn
    /// Written and closed (`IN_CLOSE_WRITE`) or created (`IN_CREATE`): it is read only
    /// once it has been still for the settle window.
    case written
    /// Found by a scan: settles like ``written``, but never overrides what an event said.
    case scanned
}
