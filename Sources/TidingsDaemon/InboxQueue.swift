import Synchronization

/// The inbox entries waiting to be looked at, each with the time it may be looked at.
///
/// Events, scans and retries add names; the processing loop takes the ones that are due.
/// A name is pending once, however many events name it, so a file reported by both the
/// startup scan and inotify is still processed once.
final class InboxQueue: Sendable {
    struct Entry: Sendable, Equatable {
        let name: String
        let source: InboxEntrySource
    }

    private struct State {
        var pending: [String: (due: ContinuousClock.Instant, source: InboxEntrySource)] = [:]
        var waiter: CheckedContinuation<Void, Never>?
        var signalled = false
        var closed = false
        /// Nothing is due before this instant: the store cannot take commits yet.
        var pausedUntil: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Adds `name`, due at `due`. A name already pending keeps the earlier due time; the
    /// latest event decides whether it must settle.
    func add(_ name: String, source: InboxEntrySource, due: ContinuousClock.Instant = .now) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed else { return nil }
            let existing = state.pending[name]
            let earliest = min(due, existing?.due ?? due)
            state.pending[name] = (earliest, source == .scanned ? existing?.source ?? source : source)
            return Self.wake(&state)
        }
        waiter?.resume()
    }

    /// Takes up to `limit` entries that are due now, earliest first; none while paused.
    func takeDue(limit: Int, now: ContinuousClock.Instant = .now) -> [Entry] {
        state.withLock { state in
            if let pausedUntil = state.pausedUntil, now < pausedUntil { return [] }
            let due = state.pending.filter { $0.value.due <= now }.sorted { $0.value.due < $1.value.due }.prefix(limit)
            for (name, _) in due { state.pending[name] = nil }
            return due.map { Entry(name: $0.key, source: $0.value.source) }
        }
    }

    var count: Int { state.withLock { $0.pending.count } }

    /// Holds every entry back until `instant`: after a failed commit the next attempt
    /// waits out the pause, however many files arrive meanwhile.
    func pause(until instant: ContinuousClock.Instant) {
        state.withLock { $0.pausedUntil = instant }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Waits until something is added, the earliest pending entry falls due, or the queue
    /// closes. Returns at once if something was added since the last wait.
    func waitForWork() async {
        let nextDue: ContinuousClock.Instant? = state.withLock { state in
            guard let earliest = state.pending.values.map(\.due).min() else { return nil }
            return max(earliest, state.pausedUntil ?? earliest)
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            if let nextDue {
                group.addTask {
                    try? await Task.sleep(until: nextDue, clock: .continuous)
                    self.state.withLock { Self.wake(&$0) }?.resume()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Stops taking new names and wakes the waiting loop, which then sees ``isClosed``.
    func close() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            return Self.wake(&state)
        }?.resume()
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
