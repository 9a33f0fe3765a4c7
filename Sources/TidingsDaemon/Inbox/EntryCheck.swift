import LinuxSystem
import SystemPackage
import TidingsCore
import TidingsStore

/// Decides, before a file is claimed or opened, whether an inbox entry is ready, must wait,
/// or is to be left alone. Runs on a worker thread: it looks at the entry with `lstat`.
///
/// - Writers' temporary names (dot-names, `inbox.ignored_suffixes`) are never taken.
/// - An entry gone meanwhile, or left in place after an earlier failure and unchanged since,
///   is skipped.
/// - A file written in place is taken only once it has looked the same — same inode, size,
///   modification and change times — for the settle window on the daemon's clock, so a
///   writer that closes and re-opens it to append is not read half-way. Files renamed in
///   (the Maildir convention) are complete and do not wait. The daemon's own observations
///   decide, not the file's timestamps against the wall clock, so a writer whose clock
///   differs from ours (NFS, a container) cannot make a file look settled too soon.
/// - A folder is skipped: its files are entries of their own (the inbox is a tree). Anything
///   else that is not a regular file is ready at once: it is claimed, then rejected unread
///   (see ``ArticleFileReader``).
package struct EntryCheck: Sendable {
    package enum Verdict: Sendable, Equatable {
        case skip
        /// Look again at `until`, remembering this observation.
        case wait(until: ContinuousClock.Instant, observed: Observation?)
        /// Take it: claim it (an inbox entry) or read it (a claimed one). Its size counts
        /// towards the batch's bytes.
        case ready(size: Int)
    }

    package let directories: InboxDirectories
    package let claims: ClaimsDirectory
    package let ignoredSuffixes: [String]
    package let settle: Duration
    package let leftInPlace: LeftInPlace

    package init(directories: InboxDirectories, claims: ClaimsDirectory, settings: Settings, leftInPlace: LeftInPlace) {
        self.directories = directories
        self.claims = claims
        ignoredSuffixes = settings.ignoredSuffixes
        settle = .milliseconds(settings.settleMilliseconds)
        self.leftInPlace = leftInPlace
    }

    /// Where a claimed entry is.
    package func claimedPath(of claim: Claim) -> String { claims.path(claim.token) }

    package func check(_ entry: InboxEntry, now: ContinuousClock.Instant) -> Verdict {
        if let claim = entry.claim {
            guard let status = try? FileSystem.status(claimedPath(of: claim)) else { return .skip }  // disposed of already
            return .ready(size: Int(status.size))
        }
        let name = entry.name.description
        if InboxNames.isIgnored(name, suffixes: ignoredSuffixes) { return .skip }
        guard let status = try? directories.tree.status(of: entry.name) else { return .skip }  // gone already
        // A folder is part of the inbox: the watch and the scans walk it, it is not taken.
        if status.type == .directory { return .skip }
        let identity = FileIdentity(status)
        if leftInPlace.contains(name, as: identity) { return .skip }
        guard status.type == .regular else { return .ready(size: 0) }
        guard entry.source != .movedIn, settle > .zero else { return .ready(size: Int(status.size)) }
        guard let observed = entry.observed, observed.identity == identity else {
            return .wait(until: now + settle, observed: Observation(identity, at: now))
        }
        let settled = observed.at + settle
        return now < settled ? .wait(until: settled, observed: observed) : .ready(size: Int(status.size))
    }

    /// When to look again at a file a writer still holds open: the settle window, but not
    /// sooner than 100 ms, so an open file is not polled in a tight loop.
    package var busyRetry: Duration { max(settle, .milliseconds(100)) }
}
