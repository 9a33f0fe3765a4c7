import ArgumentParser
import TidingsDaemon
import TidingsStore

/// `--store` and `--config`, shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The store: an SQLite file, or a PostgreSQL database as postgresql://USER@HOST[:PORT]/DATABASE.",
        discussion: "Default: store.url, else store.path from the configuration, else \(Settings.defaultStorePath). The PostgreSQL password comes from store.password_file, never from the URL.",
        valueName: "path-or-url"))
    var store: String?

    @Option(help: ArgumentHelp(
        "The YAML configuration file.",
        discussion: "Default: $TIDINGS_CONFIG, else \(Settings.defaultConfigPath) when it exists.", valueName: "path"))
    var config: String?

    /// The settings from the configuration, with `--store` applied on top.
    func settings() async throws -> Settings {
        var flags: [String: String] = [:]
        if let store { flags.merge(Self.flags(forStore: store)) { $1 } }
        return try await SettingsLoader.load(configPath: config, flags: flags)
    }

    /// The settings `--store VALUE` stands for: a URL names a PostgreSQL store, anything
    /// else an SQLite file (and then no URL from the configuration applies).
    static func flags(forStore value: String) -> [String: String] {
        PostgreSQLAddress.isURL(value) ? ["store.url": value] : ["store.path": value, "store.url": ""]
    }

    /// The settings and the store they name, opened for `access`.
    func open(_ access: StoreAccess) async throws -> (any DaemonStore, Settings) {
        let settings = try await settings()
        return (try settings.openStore(access), settings)
    }
}
