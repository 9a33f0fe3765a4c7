import ArgumentParser
import TidingsDaemon
import TidingsStore

/// `--store` and `--config`, shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The store file.", discussion: "Default: store.path from the configuration, else \(Settings.defaultStorePath).",
        valueName: "path"))
    var store: String?

    @Option(help: ArgumentHelp(
        "The YAML configuration file.",
        discussion: "Default: $TIDINGS_CONFIG, else \(Settings.defaultConfigPath) when it exists.", valueName: "path"))
    var config: String?

    /// The settings from the configuration, with `--store` applied on top.
    func settings() async throws -> Settings {
        var flags: [String: String] = [:]
        if let store { flags["store.path"] = store }
        return try await SettingsLoader.load(configPath: config, flags: flags)
    }

    /// The settings and the store they name, opened for `access`.
    func open(_ access: SQLiteStore.Access) async throws -> (SQLiteStore, Settings) {
        let settings = try await settings()
        return (try settings.openStore(access), settings)
    }
}
