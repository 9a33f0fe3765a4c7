import ServiceLifecycle
import Synchronization
import Systemd

/// Keeps systemd informed while the daemon runs: the status line, sent when it changes and
/// at most once a second, and the watchdog ping, sent at half the watchdog timeout while
/// the pipeline is healthy (no batch running for the whole timeout), so a wedged pipeline
/// stops the pings and systemd restarts the service.
///
/// It runs on Swift's cooperative pool, where nothing blocks (blocking work has
/// ``BlockingThreads``), so a slow file or a slow disk cannot delay a ping.
package final class StatusService: Service {
    private let state: DaemonState
    /// Files waiting, over every inbox.
    private let backlog: @Sendable () -> Int
    private let writer: StoreWriter
    private let inbox: String
    private let notifier: any ServiceManagerNotifier
    private let watchdogTimeout: Duration?
    private let clock: any DaemonClock
    private let sent = Mutex<Sent>(Sent())

    private struct Sent {
        var status = ""
        var statusAt: ContinuousClock.Instant?
        var pingAt: ContinuousClock.Instant?
    }

    package init(
        state: DaemonState, backlog: @escaping @Sendable () -> Int, writer: StoreWriter, inbox: String,
        notifier: any ServiceManagerNotifier, watchdog: Watchdog, clock: any DaemonClock
    ) {
        self.state = state
        self.backlog = backlog
        self.writer = writer
        self.inbox = inbox
        self.notifier = notifier
        watchdogTimeout = watchdog.timeout
        self.clock = clock
    }

    /// The status line as it stands.
    package var statusLine: String {
        state.statusLine(inbox: inbox, backlog: backlog(), problem: writer.problem)
    }

    package func run() async throws {
        guard notifier.isConnected else {
            // Nothing to tell: wait for the end with the other services.
            try? await gracefulShutdown()
            return
        }
        let interval = min(Self.statusInterval, watchdogTimeout.map { $0 / 2 } ?? Self.statusInterval)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            tick()
            do { try await cancelWhenGracefulShutdown { try await self.clock.sleep(until: self.clock.now + interval) } } catch { return }
        }
    }

    /// Sends what is due now: the status line if it changed and a second has passed, the
    /// watchdog ping if half its timeout has passed and the pipeline is healthy.
    package func tick() {
        let now = clock.now
        let line = statusLine
        let (sendStatus, ping) = sent.withLock { sent -> (Bool, Bool) in
            let statusDue = line != sent.status && sent.statusAt.map { now - $0 >= Self.statusInterval } ?? true
            var pingDue = false
            if let timeout = watchdogTimeout {
                pingDue = sent.pingAt.map { now - $0 >= timeout / 2 } ?? true
                pingDue = pingDue && state.isHealthy(at: now, timeout: timeout)
            }
            return (statusDue, pingDue)
        }
        if sendStatus, notifier.status(line) { sent.withLock { $0.status = line; $0.statusAt = now } }
        if ping, notifier.watchdog() { sent.withLock { $0.pingAt = now } }
    }

    private static let statusInterval = Duration.seconds(1)
}
