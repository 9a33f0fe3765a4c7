/// The daemon's time: a monotonic now, and sleeping until an instant.
///
/// Everything that waits — the settle window, retries of busy files, pauses after a failed
/// commit, rescans, status updates, watchdog pings — reads this clock, so tests move time
/// forward by hand instead of sleeping and do not depend on how fast the machine is.
package protocol DaemonClock: Sendable {
    var now: ContinuousClock.Instant { get }
    /// Returns at `deadline` or later; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

/// The machine's monotonic clock.
package struct SystemClock: DaemonClock {
    package init() {}

    package var now: ContinuousClock.Instant { .now }

    package func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }
}
