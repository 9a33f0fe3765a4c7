import LinuxSystem
import Synchronization

/// The inbox entries waiting to be looked at, each with the instant it may be looked at.
///
/// Events and scans add names; the ingest service takes the ones that are due and puts
/// back the ones that must wait longer. A name is pending once, however many events name
/// it, so a file reported by both the start-up scan and inotify is still processed once.
/// Time is the daemon's clock: the queue never reads the machine's time itself.
package final class InboxQueue: Sendable {
    private struct Pending {
        var due: ContinuousClock.Instant
        var entry: InboxEntry
    }

    private struct State {
        var pending: [InboxEntry.Key: Pending] = [:]
        var waiter: CheckedContinuation<Void, Never>?
        var signalled = false
        var closed = false
        /// Nothing is due before this instant: the store cannot take commits yet.
        var pausedUntil: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    package init() {}

    /// Adds a name an event or a scan reported, due at `now`. A name already pending keeps
    /// the earlier due time; a scan never overrides what an event said, and a new write
    /// means the file must settle again from scratch.
    package func add(_ name: FileName, source: InboxEntrySource, now: ContinuousClock.Instant) {
        update { pending in
            let key = InboxEntry.Key.inbox(name)
            guard var existing = pending[key] else {
                var entry = InboxEntry(name: name, source: source)
                entry.arrivedAt = now
                pending[key] = Pending(due: now, entry: entry)
                return
            }
            existing.due = min(existing.due, now)
            let observed = source == .written ? nil : existing.entry.observed
            let arrivedAt = existing.entry.arrivedAt
            existing.entry = InboxEntry(name: name, source: source == .scanned ? existing.entry.source : source, observed: observed)
            existing.entry.arrivedAt = arrivedAt
            pending[key] = existing
        }
    }

    /// Puts back an entry that was taken but must wait until `due`. If an event named the
    /// file again meanwhile, that newer news wins.
    package func putBack(_ entry: InboxEntry, due: ContinuousClock.Instant) {
        update { pending in
            if pending[entry.key] == nil { pending[entry.key] = Pending(due: due, entry: entry) }
        }
    }

    /// Takes up to `limit` entries that are due at `now`, earliest first; none while paused.
    /// A suspect (see ``InboxEntry/isSuspect``) is due before anything else, and alone.
    package func takeDue(limit: Int, now: ContinuousClock.Instant) -> [InboxEntry] {
        state.withLock { state in
            if let pausedUntil = state.pausedUntil, now < pausedUntil { return [] }
            let due = state.pending.filter { $0.value.due <= now }
            if let suspect = due.first(where: { $0.value.entry.isSuspect }) {
                state.pending[suspect.key] = nil
                return [suspect.value.entry]
            }
            let taken = due.sorted { $0.value.due < $1.value.due }.prefix(limit).filter { !$0.value.entry.isSuspect }
            for (key, _) in taken { state.pending[key] = nil }
            return taken.map(\.value.entry)
        }
    }

    /// Takes every pending entry out of the queue, open or closed, due or not.
    package func takeAll() -> [InboxEntry] {
        state.withLock { state in
            defer { state.pending = [:] }
            return state.pending.values.map(\.entry)
        }
    }

    /// How many entries are pending: the backlog the status line shows.
    package var count: Int { state.withLock { $0.pending.count } }

    /// Holds every entry back until `instant`: after a failed commit the next attempt
    /// waits out the pause, however many files arrive meanwhile.
    package func pause(until instant: ContinuousClock.Instant) {
        state.withLock { $0.pausedUntil = instant }
    }

    package var isClosed: Bool { state.withLock { $0.closed } }

    /// Waits until something is added, the earliest pending entry falls due on `clock`,
    /// `deadline` passes (when given), or the queue closes. Returns at once if something was
    /// added since the last wait.
    package func waitForWork(on clock: some DaemonClock, orUntil deadline: ContinuousClock.Instant? = nil) async {
        let entryDue: ContinuousClock.Instant? = state.withLock { state in
            guard let earliest = state.pending.values.map(\.due).min() else { return nil }
            return max(earliest, state.pausedUntil ?? earliest)
        }
        let nextDue = [entryDue, deadline].compactMap { $0 }.min()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            if let nextDue {
                group.addTask {
                    // Cancelled when something else ended the wait: then it must not leave
                    // the queue signalled, or every later wait would end at once and the
                    // service would spin while entries wait (measured: 150 % CPU while
                    // commits were paused on a full disk).
                    guard (try? await clock.sleep(until: nextDue)) != nil else { return }
                    self.state.withLock { Self.wake(&$0) }?.resume()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Stops taking new names and wakes the waiting loop, which then sees ``isClosed``.
    package func close() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            return Self.wake(&state)
        }?.resume()
    }

    private func update(_ change: (inout [InboxEntry.Key: Pending]) -> Void) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed else { return nil }
            change(&state.pending)
            return Self.wake(&state)
        }
        waiter?.resume()
    }

    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.signalled || state.closed || Task.isCancelled {
                        state.signalled = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }?.resume()
        }
    }

    /// Marks the queue signalled and hands back the waiter to resume outside the lock.
    private static func wake(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        if let waiter = state.waiter {
            state.waiter = nil
            state.signalled = false
            return waiter
        }
        state.signalled = true
        return nil
    }
}
