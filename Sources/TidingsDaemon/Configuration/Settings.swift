import Foundation
import Glibc
import Logging
import TidingsCore
import TidingsStore

/// Everything Tidings can be configured with, resolved and validated.
///
/// Each value comes from, in increasing precedence: the built-in default, the YAML file
/// (`config/tidings.yaml` documents every key), a `TIDINGS_…` environment variable, a
/// command-line flag. See ``SettingsLoader``.
package struct Settings: Sendable, Equatable {
    /// Where the configuration file is read from when `--config` is not given.
    package static let defaultConfigPath = "/etc/tidings/tidings.yaml"
    /// Where the store lives when nothing else says: systemd's `StateDirectory=tidings`.
    package static let defaultStorePath = "/var/lib/tidings/tidings.sqlite"

    /// `store.path`: the SQLite store, unless `store.url` names a PostgreSQL one. The
    /// daemon's status report is written beside it either way (`tidings status` reads it).
    package var storePath: String = Self.defaultStorePath
    /// `store.url`: a PostgreSQL store, `postgresql://USER@HOST[:PORT]/DATABASE` (or
    /// `postgresql://USER@/DATABASE?host=/run/postgresql` over a socket), which several
    /// daemons may share; empty for the SQLite store of `store.path`.
    package var storeURL = ""
    /// `store.password_file`: the file holding the PostgreSQL user's password (never in the
    /// URL). Empty: systemd's credential `store-password` (`LoadCredential=`) if the unit
    /// passes one, else no password (peer or trust authentication).
    package var storePasswordFile = ""
    /// `store.instance`: this daemon's name among those sharing a PostgreSQL store, recorded
    /// with each of its journal entries and claims; it must stay the same across restarts.
    /// Default: the host name.
    package var instance = Self.defaultInstance
    /// `store.busy_timeout_ms`: how long a commit waits for another process's write lock
    /// before the batch is put back and retried later (and the wait is logged).
    package var busyTimeoutMilliseconds = 10_000
    /// `store.retry_max_seconds`: the longest pause between attempts to commit after the
    /// disk filled up, the store was busy or an I/O error occurred (pauses double from 1 s).
    package var retryMaxSeconds = 30
    /// `store.max_consecutive_failures`: I/O errors (or other unexpected store errors) in a
    /// row after which `tidings run` exits 1 for its service manager to restart it. A full
    /// disk or a busy store never counts: those are waited out.
    package var maxConsecutiveFailures = 5
    /// `parser.*`
    package var limits = ParserLimits()
    /// `parser.max_cpu_seconds`, `parser.max_memory_mib`: what parsing one file may cost in
    /// its worker process before it is stopped and the file rejected as too complex.
    package var parseBudget = ParseBudget(cpu: .seconds(10), memoryBytes: 512 << 20)
    /// `dedup.*`
    package var thresholds = DedupThresholds()
    /// `ingest.batch_size`: files per transaction at most.
    package var batchSize = 256
    /// `ingest.batch_max_bytes`: a batch takes files until their sizes add up to this (at
    /// least one file), so that a batch of large files stays within the service's memory.
    package var batchMaxBytes = 16 << 20
    /// `ingest.batch_max_seconds`: no file of a batch starts being read after the batch has
    /// run this long; the rest wait for the next batch, so every batch commits in time.
    package var batchMaxSeconds = 10

    /// `inbox.path`: the directory the daemon watches (systemd's spool, see `systemd/`).
    package var inboxPath = "/var/spool/tidings/inbox"
    /// `inbox.rejected_path`: where rejected files go, each with a `NAME.reason.json`.
    package var rejectedPath = "/var/spool/tidings/rejected"
    /// `inbox.archive_path`: where stored files go; empty means they are deleted.
    package var archivePath = ""
    /// `inbox.source`, `inbox.language`, `inbox.tag`, `inbox.format`: what the inbox assumes
    /// of its articles; with `inboxes`, what each assumes unless it says otherwise.
    package var inboxDefaults = InboxDefaults()
    /// `inboxes.NAME.*`: the inboxes of a daemon that watches several, in the order the file
    /// lists them; empty for the one inbox of `inbox.path`.
    package var namedInboxes: [InboxSettings] = []

    /// Every inbox the daemon watches: those listed under `inboxes`, or else the one of
    /// `inbox.path`, named `inbox`. The other `inbox.*` keys apply to all of them.
    package var inboxes: [InboxSettings] {
        guard namedInboxes.isEmpty else { return namedInboxes }
        return [InboxSettings(
            name: InboxSettings.singleName, path: inboxPath, rejectedPath: rejectedPath, archivePath: archivePath, defaults: inboxDefaults)]
    }

    /// `inbox.ignored_suffixes`: names ending so are temporary files of a writer, never read.
    /// Names starting with a dot are always ignored.
    package var ignoredSuffixes = [".tmp", ".part", ".swp", "~", ".crdownload"]
    /// `inbox.settle_ms`: a file written in place is read only once it has not changed for
    /// this long, so a writer that closes and re-opens it to append is not read half-way.
    /// Files renamed into the inbox (the documented way to deliver) do not wait.
    package var settleMilliseconds = 500
    /// `inbox.rescan_seconds`: a full rescan this often catches anything inotify missed.
    package var rescanSeconds = 60
    /// `inbox.refuse_own_files`: refuse files owned by the user the daemon runs as. Under
    /// systemd the service has a user of its own that no producer is, so such a file can
    /// only be one of the service's own files linked or moved into the inbox; the unit
    /// turns this on. Off by default, for a daemon run by hand as the user who drops files.
    package var refuseOwnFiles = false
    /// `inbox.max_depth`: how deep folders in the inbox may nest. A folder deeper is not
    /// entered, and said so once in the log.
    package var maxDepth = 8
    /// `inbox.remove_empty_folders`: remove a folder of the inbox once the daemon has taken
    /// every file in it and it has stayed empty until the next rescan (never the inbox).
    package var removeEmptyFolders = true
    /// `inbox.max_attempts`: a file that was being read each of the last this many times the
    /// daemon stopped unexpectedly (a crash, a kill, the watchdog) is quarantined unread.
    package var maxAttempts = 2

    /// `metrics.textfile`: a file the daemon rewrites every second with its metrics in
    /// Prometheus' text format, for node_exporter's textfile collector (its directory, e.g.
    /// /var/lib/prometheus/node-exporter/tidings.prom). Empty: none.
    package var metricsTextfile = ""
    /// `metrics.listen`: `HOST:PORT` on which to serve the metrics over HTTP
    /// (`GET /metrics`), e.g. `127.0.0.1:9464`. Empty: no listener. The unit's network
    /// sandbox must allow it (README, "Operating Tidings").
    package var metricsListen = ""
    /// `log.level`: the least severe level logged (trace, debug, info, notice, warning,
    /// error, critical). Reloaded with the rest of the configuration.
    package var logLevel: Logger.Level = .info

    package init() {}

    /// The deduplicator these settings describe.
    package var deduplicator: Deduplicator { Deduplicator(thresholds: thresholds) }

    /// The host name (`gethostname`, without a domain: no name lookup), a daemon's
    /// instance name unless `store.instance` gives another.
    package static var defaultInstance: String {
        var buffer = [CChar](repeating: 0, count: 256)
        let name = gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: ".").first.map(String.init) ?? ""
            : ""
        return InstanceName.isValid(name) ? name : "tidings"
    }

    /// Where the store is, as messages name it: the PostgreSQL URL, else the SQLite file.
    package var storeLocation: String { storeURL.isEmpty ? storePath : storeURL }

    /// Opens the store these settings name: the SQLite file with the busy timeout, or the
    /// PostgreSQL database, as the daemon `instance` when `asDaemon`.
    package func openStore(_ access: StoreAccess, asDaemon: Bool = false) throws(StoreError) -> any DaemonStore {
        guard !storeURL.isEmpty else {
            return try SQLiteStore(path: storePath, access: access, busyTimeout: TimeInterval(busyTimeoutMilliseconds) / 1000)
        }
        let address = try PostgreSQLAddress(url: storeURL)
        return try PostgreSQLStore(
            address: address, password: try StorePassword.read(file: storePasswordFile), instance: asDaemon ? instance : nil, access: access)
    }
}
