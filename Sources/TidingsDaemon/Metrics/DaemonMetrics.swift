import Glibc
import CoreMetrics
import Prometheus
import TidingsCore

/// The daemon's metrics, recorded through swift-metrics into a Prometheus registry of this
/// daemon's own (no process-wide bootstrap: each daemon, and each test, has its own), and
/// rendered in Prometheus' text format for the node_exporter textfile and the HTTP listener.
///
/// Names (the README lists them, "Operating Tidings"):
/// - `tidings_files_total{outcome}`: outcomes committed by this run, one per article of a
///   file (new, duplicate, near-duplicate, rejected, update, older-version, withdrawn).
/// - `tidings_rejected_files_total{reason}`: rejections by kind (`not_text`, `too_large`, …).
/// - `tidings_commit_duration_seconds`: histogram of a batch's commit.
/// - `tidings_drop_to_commit_seconds`: histogram, from the daemon first seeing a file to
///   its outcome being durable.
/// - `tidings_backlog_files`, `tidings_commits_paused` (1 while commits fail and are
///   retried), `tidings_store_bytes` (the store and its log), `tidings_search_backlog_articles`
///   (stored, not yet searchable), `tidings_last_commit_timestamp_seconds`,
///   `tidings_start_timestamp_seconds`.
package final class DaemonMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()
    private let files: [IngestOutcome.Kind: CoreMetrics.Counter]
    private let rejected: [Rejection.Code: CoreMetrics.Counter]
    private let commitDuration: CoreMetrics.Timer
    private let dropToCommit: CoreMetrics.Timer
    private let backlog: CoreMetrics.Gauge
    private let commitsPaused: CoreMetrics.Gauge
    private let storeBytes: CoreMetrics.Gauge
    private let searchBacklog: CoreMetrics.Gauge
    private let lastCommit: CoreMetrics.Gauge

    package init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Commits take milliseconds; a file waits from its settle window to seconds behind a backlog.
        factory.durationHistogramBuckets = [
            "tidings_commit_duration_seconds": [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].map { .milliseconds($0) },
            "tidings_drop_to_commit_seconds": [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000].map { .milliseconds($0) },
        ]
        files = Dictionary(uniqueKeysWithValues: IngestOutcome.Kind.allCases.filter { $0 != .removed }.map {
            ($0, CoreMetrics.Counter(label: "tidings_files_total", dimensions: [("outcome", $0.rawValue)], factory: factory))
        })
        rejected = Dictionary(uniqueKeysWithValues: Rejection.Code.allCases.map {
            ($0, CoreMetrics.Counter(label: "tidings_rejected_files_total", dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        commitDuration = CoreMetrics.Timer(label: "tidings_commit_duration_seconds", factory: factory)
        dropToCommit = CoreMetrics.Timer(label: "tidings_drop_to_commit_seconds", factory: factory)
        backlog = CoreMetrics.Gauge(label: "tidings_backlog_files", factory: factory)
        commitsPaused = CoreMetrics.Gauge(label: "tidings_commits_paused", factory: factory)
        storeBytes = CoreMetrics.Gauge(label: "tidings_store_bytes", factory: factory)
        searchBacklog = CoreMetrics.Gauge(label: "tidings_search_backlog_articles", factory: factory)
        lastCommit = CoreMetrics.Gauge(label: "tidings_last_commit_timestamp_seconds", factory: factory)
        CoreMetrics.Gauge(label: "tidings_start_timestamp_seconds", factory: factory).record(Self.unixTime())
    }

    /// One article's outcome, as ``DaemonState/count(_:)`` counts it.
    package func count(_ outcome: IngestOutcome) {
        files[outcome.kind]?.increment()
        if let code = outcome.rejectionCode { rejected[code]?.increment() }
    }

    /// A batch committed after `duration`; its files had waited `waits` since they arrived.
    package func committed(after duration: Duration, waits: [Duration]) {
        commitDuration.recordNanoseconds(Self.nanoseconds(duration))
        for wait in waits { dropToCommit.recordNanoseconds(Self.nanoseconds(wait)) }
        lastCommit.record(Self.unixTime())
    }

    /// The state the gauges show, as it is now; `searchBacklog` nil when it could not be read.
    package func update(backlog files: Int, commitsPaused paused: Bool, storeBytes bytes: Int64, searchBacklog articles: Int?) {
        backlog.record(files)
        commitsPaused.record(paused ? 1 : 0)
        storeBytes.record(bytes)
        if let articles { searchBacklog.record(articles) }
    }

    /// The metrics in Prometheus' text exposition format.
    package func render() -> [UInt8] { registry.emitToBuffer() }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private static func unixTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
