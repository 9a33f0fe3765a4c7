import TidingsCore

/// Everything Tidings can be configured with, resolved and validated.
///
/// Each value comes from, in increasing precedence: the built-in default, the YAML file
/// (`config/tidings.yaml` documents every key), a `TIDINGS_…` environment variable, a
/// command-line flag. See ``SettingsLoader``.
public struct Settings: Sendable, Equatable {
    /// Where the configuration file is read from when `--config` is not given.
    public static let defaultConfigPath = "/etc/tidings/tidings.yaml"
    /// Where the store lives when nothing else says: systemd's `StateDirectory=tidings`.
    public static let defaultStorePath = "/var/lib/tidings/tidings.sqlite"

    /// `store.path`
    public var storePath: String = Self.defaultStorePath
    /// `parser.*`
    public var limits = ParserLimits()
    /// `dedup.*`
    public var thresholds = DedupThresholds()
    /// `ingest.batch_size`: files per transaction at most.
    public var batchSize = 256

    public init() {}

    /// The deduplicator these settings describe.
    public var deduplicator: Deduplicator { Deduplicator(thresholds: thresholds) }
}
