import Foundation
import Logging
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsDaemon

@Suite struct SettingsLoaderTests {
    let directory = TemporaryDirectory("tidings-config")

    func load(yaml: String? = nil, env: [String: String] = [:], flags: [String: String] = [:]) async throws -> Settings {
        var path: String?
        if let yaml { path = try directory.write("tidings.yaml", yaml) }
        return try await SettingsLoader.load(configPath: path, flags: flags, environment: env)
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: Settings.defaultConfigPath), "a configuration is installed here"))
    func builtInDefaultsApplyWhenNoFileExists() async throws {
        let settings = try await SettingsLoader.load(configPath: nil, environment: [:])
        #expect(settings == Settings())
        #expect(settings.storePath == "/var/lib/tidings/tidings.sqlite")
    }

    @Test func theShippedConfigFileHoldsTheBuiltInDefaults() async throws {
        let path = Fixtures.root.appendingPathComponent("config/tidings.yaml").path
        #expect(try await SettingsLoader.load(configPath: path, environment: [:]) == Settings())
    }

    @Test func fileValuesAreRead() async throws {
        let settings = try await load(yaml: """
            store:
              path: /srv/news.sqlite
              busy_timeout_ms: 250
              retry_max_seconds: 5
              max_consecutive_failures: 2
            parser:
              max_file_bytes: 2048
              invalid_utf8: windows-1252
              max_html_depth: 40
              max_html_elements: 5000
            dedup:
              resemblance: 0.7
            ingest:
              batch_size: 10
            """)
        #expect(settings.storePath == "/srv/news.sqlite")
        #expect(settings.busyTimeoutMilliseconds == 250)
        #expect(settings.retryMaxSeconds == 5)
        #expect(settings.maxConsecutiveFailures == 2)
        #expect(settings.limits.maxFileBytes == 2048)
        #expect(settings.limits.invalidUTF8 == .windows1252)
        #expect(settings.limits.maxHTMLDepth == 40)
        #expect(settings.limits.maxHTMLElements == 5000)
        #expect(settings.thresholds.resemblance == 0.7)
        #expect(settings.batchSize == 10)
    }

    @Test func environmentOverridesTheFileAndFlagsOverrideBoth() async throws {
        let yaml = "store:\n  path: /from/file.sqlite\nparser:\n  max_json_depth: 10\n"
        let env = ["TIDINGS_STORE_PATH": "/from/env.sqlite", "TIDINGS_PARSER_MAX_JSON_DEPTH": "20"]
        let fromEnv = try await load(yaml: yaml, env: env)
        #expect(fromEnv.storePath == "/from/env.sqlite")
        #expect(fromEnv.limits.maxJSONDepth == 20)
        let fromFlag = try await load(yaml: yaml, env: env, flags: ["store.path": "/from/flag.sqlite"])
        #expect(fromFlag.storePath == "/from/flag.sqlite")
    }

    @Test func configFileNamedByTheEnvironmentIsUsed() async throws {
        let path = try directory.write("other.yaml", "store:\n  path: /env/named.sqlite\n")
        #expect(try await SettingsLoader.load(configPath: nil, environment: ["TIDINGS_CONFIG": path]).storePath == "/env/named.sqlite")
    }

    @Test func aValueOfTheWrongTypeIsAnErrorNamingTheKey() async throws {
        let error = await #expect(throws: ConfigurationError.self) { try await load(yaml: "parser:\n  max_file_bytes: lots\n") }
        #expect(error?.message.contains("parser.max_file_bytes") == true)
    }

    @Test func anUnknownEnumValueIsAnError() async throws {
        let error = await #expect(throws: ConfigurationError.self) { try await load(env: ["TIDINGS_PARSER_INVALID_UTF8": "latin1"]) }
        #expect(error?.message.contains("parser.invalid_utf8") == true)
    }

    /// A PostgreSQL store: the URL is checked when the settings load, a URL with a password
    /// is refused without being echoed, and the instance name must be plain.
    @Test func aPostgreSQLStoreIsCheckedWhenTheSettingsLoad() async throws {
        let settings = try await load(yaml: "store:\n  url: postgresql://tidings@/news?host=/run/postgresql\n  instance: wire-1\n")
        #expect(settings.storeLocation == "postgresql://tidings@/news?host=/run/postgresql")
        #expect(settings.instance == "wire-1")
        let secret = await #expect(throws: ConfigurationError.self) {
            try await load(env: ["TIDINGS_STORE_URL": "postgresql://tidings:hunter2@db/news", "TIDINGS_STORE_INSTANCE": "two words"])
        }
        #expect(secret?.message.contains("holds a password") == true)
        #expect(secret?.message.contains("hunter2") == false)
        #expect(secret?.message.contains("store.instance") == true)
    }

    @Test func outOfRangeValuesAreErrors() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            try await load(yaml: "dedup:\n  resemblance: 1.5\ningest:\n  batch_size: 0\n")
        }
        #expect(error?.message.contains("dedup.resemblance") == true)
        #expect(error?.message.contains("ingest.batch_size") == true)
        let store = await #expect(throws: ConfigurationError.self) {
            try await load(env: ["TIDINGS_STORE_RETRY_MAX_SECONDS": "0", "TIDINGS_STORE_MAX_CONSECUTIVE_FAILURES": "0", "TIDINGS_STORE_BUSY_TIMEOUT_MS": "-1"])
        }
        for key in ["store.retry_max_seconds", "store.max_consecutive_failures", "store.busy_timeout_ms"] {
            #expect(store?.message.contains(key) == true, "\(key)")
        }
        let html = await #expect(throws: ConfigurationError.self) {
            try await load(yaml: "parser:\n  max_html_depth: 0\n  max_html_elements: -5\n")
        }
        #expect(html?.message.contains("parser.max_html_depth") == true)
        #expect(html?.message.contains("parser.max_html_elements") == true)
    }

    /// A misspelt key would otherwise leave the default in force unnoticed; a stray variable
    /// with the prefix may be another program's, so only `config check` mentions it.
    @Test func anUnknownKeyInTheFileIsAnErrorButAStrayVariableIsNot() async throws {
        let error = await #expect(throws: ConfigurationError.self) { try await load(yaml: "dedup:\n  resemblence: 0.6\n") }
        #expect(error?.message.contains("dedup.resemblence") == true)
        #expect(error?.message.contains("did you mean dedup.resemblance?") == true)
        #expect(try await load(env: ["TIDINGS_SOMETHING_ELSE": "1"]) == Settings())
        let report = await SettingsLoader.inspect(configPath: nil, environment: ["TIDINGS_SOMETHING_ELSE": "1", "TIDINGS_LOG_LEVEL": "debug"])
        #expect(report.problems.map(\.key) == ["TIDINGS_SOMETHING_ELSE"])
        #expect(report.problems.first?.refusesStart == false)
        #expect(report.settings.logLevel == .debug)
        #expect(report.values.first { $0.key == "log.level" }?.source == .environment("TIDINGS_LOG_LEVEL"))
    }

    @Test func metricsSettingsAreCheckedAndRead() async throws {
        let error = await #expect(throws: ConfigurationError.self) { () async throws -> Settings in
            try await load(yaml: "metrics:\n  listen: localhost\n  textfile: relative.prom\n")
        }
        #expect(error?.message.contains("metrics.listen (file") == true)
        #expect(error?.message.contains("must be HOST:PORT") == true)
        #expect(error?.message.contains("metrics.textfile (file") == true)
        let settings = try await load(yaml: "metrics:\n  listen: \"[::1]:9464\"\n  textfile: /var/lib/node/tidings.prom\n")
        #expect(ListenAddress(settings.metricsListen) == ListenAddress("[::1]:9464"))
        #expect(ListenAddress("[::1]:9464")?.host == "::1" && ListenAddress("[::1]:9464")?.port == 9464)
        #expect(ListenAddress("127.0.0.1:65536") == nil && ListenAddress(":80") == nil)
        #expect(settings.metricsTextfile == "/var/lib/node/tidings.prom")
    }

    @Test func aMissingExplicitFileIsAnError() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            try await SettingsLoader.load(configPath: directory.path("missing.yaml"), environment: [:])
        }
        #expect(error?.message.contains("does not exist") == true)
    }

    @Test func malformedYAMLIsAnError() async throws {
        await #expect(throws: ConfigurationError.self) { try await load(yaml: "store: [unclosed\n  path: x") }
    }
}
