import LinuxSystem
import SystemPackage
import TidingsCore

/// Decides, before a file is read, whether an inbox entry is to be read now, later, never,
/// or rejected unread. Runs on a blocking thread: it looks at the entry with `lstat`.
///
/// - Writers' temporary names (dot-names, `inbox.ignored_suffixes`) are never read.
/// - An entry gone meanwhile, or left in place after an earlier failure and unchanged since,
///   is skipped.
/// - Anything but a regular file is rejected unread (a symbolic link is never followed).
/// - A file written in place is read only once it has looked the same — same inode, size,
///   modification and change times — for the settle window on the daemon's clock, so a
///   writer that closes and re-opens it to append is not read half-way. Files renamed in
///   (the Maildir convention) are complete and do not wait. The daemon's own observations
///   decide, not the file's timestamps against the wall clock, so a writer whose clock
///   differs from ours (NFS, a container) cannot make a file look settled too soon.
package struct EntryCheck: Sendable {
    package enum Verdict: Sendable, Equatable {
        case skip
        /// Look again at `until`, remembering this observation.
        case wait(until: ContinuousClock.Instant, observed: Observation?)
        case reject(Rejection)
        case read
    }

    package let directories: InboxDirectories
    package let ignoredSuffixes: [String]
    package let settle: Duration
    package let leftInPlace: LeftInPlace

    package init(directories: InboxDirectories, settings: Settings, leftInPlace: LeftInPlace) {
        self.directories = directories
        ignoredSuffixes = settings.ignoredSuffixes
        settle = .milliseconds(settings.settleMilliseconds)
        self.leftInPlace = leftInPlace
    }

    package func check(_ entry: InboxEntry, now: ContinuousClock.Instant) -> Verdict {
        if InboxNames.isIgnored(entry.name, suffixes: ignoredSuffixes) { return .skip }
        guard let status = try? FileSystem.status(directories.path(entry.name)) else { return .skip }  // gone already
        let identity = FileIdentity(status)
        if leftInPlace.contains(entry.name, as: identity) { return .skip }
        guard status.type == .regular else {
            return .reject(Rejection(.notRegularFile, "not a regular file (\(status.type.reasonPhrase))"))
        }
        guard entry.source != .movedIn, settle > .zero else { return .read }
        guard let observed = entry.observed, observed.identity == identity else {
            return .wait(until: now + settle, observed: Observation(identity, at: now))
        }
        let settled = observed.at + settle
        return now < settled ? .wait(until: settled, observed: observed) : .read
    }

    /// When to look again at a file a writer still holds open: the settle window, but not
    /// sooner than 100 ms, so an open file is not polled in a tight loop.
    package var busyRetry: Duration { max(settle, .milliseconds(100)) }
}
