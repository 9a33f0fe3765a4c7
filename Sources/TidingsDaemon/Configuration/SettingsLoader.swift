import Configuration
import Foundation
import LinuxSystem
import Synchronization
import SystemPackage
import TidingsCore
import TidingsStore

/// Resolves ``Settings`` from flags, environment variables and a YAML file.
///
/// Keys are dotted paths (`parser.max_file_bytes`); in the environment they are upper-cased,
/// dots become underscores and a `TIDINGS_` prefix is added (`TIDINGS_PARSER_MAX_FILE_BYTES`).
/// Any value of the wrong type or out of range is an error naming the key, never a silent
/// fallback to the default.
package enum SettingsLoader {
    /// Loads the settings.
    /// - Parameters:
    ///   - configPath: the YAML file named by `--config`; it must exist. When nil, the file
    ///     named by `TIDINGS_CONFIG` or else ``Settings/defaultConfigPath`` is read if present.
    ///   - flags: values given as command-line flags, by key (`store.path`).
    ///   - environment: the process environment.
    /// - Throws: every problem that ``inspect(configPath:flags:environment:)`` finds and that
    ///   refuses a start, in one error.
    package static func load(
        configPath: String?, flags: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ConfigurationError) -> Settings {
        let report = await inspect(configPath: configPath, flags: flags, environment: environment)
        let refusing = report.problems.filter(\.refusesStart)
        guard report.isUsable else {
            if let whole = refusing.first(where: { $0.key == nil }) { throw ConfigurationError(whole.message) }
            throw ConfigurationError("invalid configuration: " + refusing.map(\.description).joined(separator: "; "))
        }
        return report.settings
    }

    /// Reads the configuration as ``load(configPath:flags:environment:)`` does and reports
    /// every value with its source and every problem, instead of stopping at the first:
    /// what `tidings config check` and `tidings config show` print.
    package static func inspect(
        configPath: String?, flags: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> ConfigurationReport {
        let explicitPath = configPath ?? environment["TIDINGS_CONFIG"]
        let path = explicitPath ?? Settings.defaultConfigPath
        let exists = FileSystem.exists(path)
        func refused(_ message: String) -> ConfigurationReport {
            ConfigurationReport(
                path: path, fileExists: exists, values: [],
                problems: [.init(key: nil, source: .file(path), line: nil, message: message, refusesStart: true)], settings: Settings())
        }
        if explicitPath != nil, !exists {
            return refused("the configuration file \(path) does not exist; fix the path given with --config or TIDINGS_CONFIG")
        }
        var fileKeys = ConfigurationFileKeys()
        let file: FileProvider<YAMLSnapshot>
        do {
            if exists {
                let bytes: [UInt8]
                do throws(SystemCallError) { bytes = try FileSystem.contents(of: path) } catch {
                    return refused("cannot read the configuration file \(path): \(error.errno.description.lowercased())")
                }
                do { fileKeys = try ConfigurationFileKeys(yaml: String(decoding: bytes, as: UTF8.self)) } catch {
                    return refused("the configuration file \(path) is not valid YAML: \(error)")
                }
            }
            file = try await FileProvider<YAMLSnapshot>(filePath: FilePath(path), allowMissing: explicitPath == nil)
        } catch {
            return refused("cannot read the configuration file \(path): \(error)")
        }
        var flagValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in flags { flagValues[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = ConfigValue(.string(value), isSecret: false) }

        let sources = SettingSources(path: path, flags: flags, environment: environment, file: fileKeys)
        let problems = ProblemCollector()
        let reader = ConfigReader(
            providers: [
                InMemoryProvider(name: "command-line flags", values: flagValues),
                EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: ["tidings"]),
                file,
            ],
            accessReporter: problems)
        let reading = SettingsReading(config: reader, sources: sources)
        let settings = read(reading)
        var found = problems.failures.map { failure in
            sources.problem(failure.key, "\(sources.written(failure.key).map { "\"\($0)\"" } ?? "the value") is not \(failure.expected)")
        }
        found += reading.choiceProblems
        found += validate(settings).map { key, requirement in
            // A store URL is not echoed: a refused one may hold a password.
            let value = key == "store.url" ? nil : reading.values.first { $0.key == key }?.value
            return sources.problem(key, "\(value ?? "the value") is not allowed: \(requirement)")
        }
        found += inboxProblems(settings, reading: reading).map { sources.problem($0.key, $0.message) }
        if let written = fileKeys.entries["inboxes"] {
            found.append(sources.problem("inboxes", "\(written.value) is not a list of inboxes: give each inbox by name, with its path (inboxes: {reuters: {path: /var/spool/tidings/inboxes/reuters}})"))
        }
        found += sources.unknownKeys(known: reading.values.map(\.key) + ["inboxes"])
        return ConfigurationReport(
            path: path, fileExists: exists, values: reading.values, problems: found, settings: settings)
    }

    /// Every key Tidings reads, with its default: the one place a new setting is added.
    private static func read(_ config: SettingsReading) -> Settings {
        var settings = Settings()
        settings.storePath = config.string("store.path", settings.storePath)
        settings.storeURL = config.string("store.url", settings.storeURL)
        settings.storePasswordFile = config.string("store.password_file", settings.storePasswordFile)
        settings.instance = config.string("store.instance", settings.instance)
        settings.busyTimeoutMilliseconds = config.int("store.busy_timeout_ms", settings.busyTimeoutMilliseconds)
        settings.retryMaxSeconds = config.int("store.retry_max_seconds", settings.retryMaxSeconds)
        settings.maxConsecutiveFailures = config.int("store.max_consecutive_failures", settings.maxConsecutiveFailures)
        settings.limits.maxFileBytes = config.int("parser.max_file_bytes", settings.limits.maxFileBytes)
        settings.limits.maxJSONDepth = config.int("parser.max_json_depth", settings.limits.maxJSONDepth)
        settings.limits.maxLineBytes = config.int("parser.max_line_bytes", settings.limits.maxLineBytes)
        settings.limits.invalidUTF8 = config.choice("parser.invalid_utf8", settings.limits.invalidUTF8)
        settings.limits.maxHTMLDepth = config.int("parser.max_html_depth", settings.limits.maxHTMLDepth)
        settings.limits.maxHTMLElements = config.int("parser.max_html_elements", settings.limits.maxHTMLElements)
        settings.limits.maxHTMLAttributes = config.int("parser.max_html_attributes", settings.limits.maxHTMLAttributes)
        let cpuSeconds = config.double("parser.max_cpu_seconds", Double(settings.parseBudget.cpu.components.seconds))
        settings.parseBudget.cpu = .milliseconds(Int64(1000 * min(max(cpuSeconds.isFinite ? cpuSeconds : 0, 0), 1e6)))
        let memoryMiB = config.int("parser.max_memory_mib", settings.parseBudget.memoryBytes >> 20)
        settings.parseBudget.memoryBytes = min(max(memoryMiB, 0), 1 << 30) << 20
        settings.thresholds.resemblance = config.double("dedup.resemblance", settings.thresholds.resemblance)
        settings.thresholds.containment = config.double("dedup.containment", settings.thresholds.containment)
        settings.thresholds.minimumContainedShingles = config.int("dedup.min_contained_shingles", settings.thresholds.minimumContainedShingles)
        settings.batchSize = config.int("ingest.batch_size", settings.batchSize)
        settings.batchMaxBytes = config.int("ingest.batch_max_bytes", settings.batchMaxBytes)
        settings.batchMaxSeconds = config.int("ingest.batch_max_seconds", settings.batchMaxSeconds)
        settings.inboxPath = config.string("inbox.path", settings.inboxPath)
        settings.rejectedPath = config.string("inbox.rejected_path", settings.rejectedPath)
        settings.archivePath = config.string("inbox.archive_path", settings.archivePath)
        settings.ignoredSuffixes = config.stringArray("inbox.ignored_suffixes", settings.ignoredSuffixes)
        settings.settleMilliseconds = config.int("inbox.settle_ms", settings.settleMilliseconds)
        settings.rescanSeconds = config.int("inbox.rescan_seconds", settings.rescanSeconds)
        settings.maxAttempts = config.int("inbox.max_attempts", settings.maxAttempts)
        settings.maxDepth = config.int("inbox.max_depth", settings.maxDepth)
        settings.removeEmptyFolders = config.bool("inbox.remove_empty_folders", settings.removeEmptyFolders)
        settings.refuseOwnFiles = config.bool("inbox.refuse_own_files", settings.refuseOwnFiles)
        settings.inboxDefaults = readDefaults(config, prefix: "inbox", inherited: settings.inboxDefaults)
        for name in config.names(under: "inboxes") {
            let key = "inboxes.\(name)"
            let archiveBase = settings.archivePath
            settings.namedInboxes.append(InboxSettings(
                name: name, path: config.string("\(key).path", ""),
                rejectedPath: config.string("\(key).rejected_path", settings.rejectedPath + "/" + name),
                archivePath: config.string("\(key).archive_path", archiveBase.isEmpty ? "" : archiveBase + "/" + name),
                defaults: readDefaults(config, prefix: key, inherited: settings.inboxDefaults)))
        }
        settings.metricsTextfile = config.string("metrics.textfile", settings.metricsTextfile)
        settings.metricsListen = config.string("metrics.listen", settings.metricsListen)
        settings.logLevel = config.choice("log.level", settings.logLevel)
        return settings
    }

    /// An inbox's defaults (`PREFIX.source`, …), each one `inherited` unless set.
    private static func readDefaults(_ config: SettingsReading, prefix: String, inherited: InboxDefaults) -> InboxDefaults {
        InboxDefaults(
            source: config.optionalString("\(prefix).source", inherited.source),
            language: config.optionalString("\(prefix).language", inherited.language),
            tag: config.optionalString("\(prefix).tag", inherited.tag),
            format: config.optionalChoice("\(prefix).format", inherited.format))
    }

    /// What makes the inboxes unusable together: a bad name or language, a missing path,
    /// `inbox.path` beside `inboxes`, and directories that overlap — an inbox inside
    /// another (its folders are part of it) or a rejected or archive directory inside an
    /// inbox (its files would be read again).
    private static func inboxProblems(_ settings: Settings, reading: SettingsReading) -> [(key: String, message: String)] {
        var problems: [(key: String, message: String)] = []
        let named = !settings.namedInboxes.isEmpty
        if named {
            for key in ["inbox.path"] where reading.source(of: key) != .builtIn {
                problems.append((key, "cannot be used with inboxes: give each inbox its path as inboxes.NAME.path"))
            }
        }
        let prefix = { (inbox: InboxSettings) in named ? "inboxes.\(inbox.name)." : "inbox." }
        for inbox in settings.inboxes {
            if named, let message = InboxSettings.problem(withName: inbox.name) { problems.append(("inboxes.\(inbox.name)", message)) }
            if inbox.path.isEmpty { problems.append((prefix(inbox) + "path", "every inbox needs a path: the directory it watches")) }
            if let language = inbox.defaults.language, let message = InboxDefaults.problem(withLanguage: language) {
                problems.append((prefix(inbox) + "language", message))
            }
        }
        let inboxes = settings.inboxes.filter { !$0.path.isEmpty }
        for (index, inbox) in inboxes.enumerated() {
            for other in inboxes[..<index] {
                if let how = Self.overlap(inbox.path, other.path) {
                    problems.append((prefix(inbox) + "path", "\(inbox.path) \(how) the inbox \(other.name) (\(other.path)): an inbox's folders are part of it, so each inbox needs a directory of its own"))
                }
            }
            for other in inboxes {
                for (key, path) in [("rejected_path", other.rejectedPath), ("archive_path", other.archivePath)] where !path.isEmpty {
                    guard let how = Self.overlap(path, inbox.path) else { continue }
                    problems.append((prefix(other) + key, "\(path) \(how) the inbox \(inbox.name) (\(inbox.path)): the files put there would be read again"))
                }
            }
        }
        return problems
    }

    /// How directory `path` overlaps directory `other`: "is also", "is inside", "holds"; nil when apart.
    private static func overlap(_ path: String, _ other: String) -> String? {
        let a = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: other).standardizedFileURL.pathComponents
        if a == b { return "is also" }
        if a.starts(with: b) { return "is inside" }
        if b.starts(with: a) { return "holds" }
        return nil
    }

    /// The ranges and rules each value must keep, as (key, requirement) pairs.
    private static func validate(_ settings: Settings) -> [(String, String)] {
        var problems: [(String, String)] = []
        func require(_ condition: Bool, _ key: String, _ requirement: String) { if !condition { problems.append((key, requirement)) } }
        require(!settings.storePath.isEmpty, "store.path", "must not be empty")
        if !settings.storeURL.isEmpty {
            do throws(StoreError) { _ = try PostgreSQLAddress(url: settings.storeURL) } catch { problems.append(("store.url", error.message)) }
        }
        require(InstanceName.isValid(settings.instance), "store.instance", InstanceName.rule)
        require((0...3_600_000).contains(settings.busyTimeoutMilliseconds), "store.busy_timeout_ms", "must be between 0 and 3600000")
        require((1...3_600).contains(settings.retryMaxSeconds), "store.retry_max_seconds", "must be between 1 and 3600")
        require((1...1_000_000).contains(settings.maxConsecutiveFailures), "store.max_consecutive_failures", "must be between 1 and 1000000")
        require(settings.limits.maxFileBytes > 0, "parser.max_file_bytes", "must be at least 1")
        require(settings.limits.maxJSONDepth > 0, "parser.max_json_depth", "must be at least 1")
        require(settings.limits.maxLineBytes > 0, "parser.max_line_bytes", "must be at least 1")
        require(settings.limits.maxHTMLDepth > 0, "parser.max_html_depth", "must be at least 1")
        require(settings.limits.maxHTMLElements > 0, "parser.max_html_elements", "must be at least 1")
        require(settings.limits.maxHTMLAttributes > 0, "parser.max_html_attributes", "must be at least 1")
        require(settings.parseBudget.cpu >= .milliseconds(100) && settings.parseBudget.cpu <= .seconds(3_600),
                "parser.max_cpu_seconds", "must be between 0.1 and 3600")
        require((16...65_536).contains(settings.parseBudget.memoryBytes >> 20), "parser.max_memory_mib", "must be between 16 and 65536")
        require((0.0...1.0).contains(settings.thresholds.resemblance) && settings.thresholds.resemblance > 0,
                "dedup.resemblance", "must be above 0 and at most 1")
        require((0.0...1.0).contains(settings.thresholds.containment) && settings.thresholds.containment > 0,
                "dedup.containment", "must be above 0 and at most 1")
        require(settings.thresholds.minimumContainedShingles >= 1, "dedup.min_contained_shingles", "must be at least 1")
        require((1...100_000).contains(settings.batchSize), "ingest.batch_size", "must be between 1 and 100000")
        require(settings.batchMaxBytes >= 1, "ingest.batch_max_bytes", "must be at least 1")
        require((1...3_600).contains(settings.batchMaxSeconds), "ingest.batch_max_seconds", "must be between 1 and 3600")
        require(!settings.inboxPath.isEmpty, "inbox.path", "must not be empty")
        require(!settings.rejectedPath.isEmpty, "inbox.rejected_path", "must not be empty")
        require((0...3_600_000).contains(settings.settleMilliseconds), "inbox.settle_ms", "must be between 0 and 3600000")
        require((1...86_400).contains(settings.rescanSeconds), "inbox.rescan_seconds", "must be between 1 and 86400")
        require(!settings.ignoredSuffixes.contains(""), "inbox.ignored_suffixes", "must not contain an empty suffix")
        require((1...100).contains(settings.maxAttempts), "inbox.max_attempts", "must be between 1 and 100")
        require((0...64).contains(settings.maxDepth), "inbox.max_depth", "must be between 0 (no folders) and 64")
        require(settings.metricsTextfile.isEmpty || settings.metricsTextfile.hasPrefix("/"), "metrics.textfile", "must be an absolute path (or empty)")
        require(settings.metricsListen.isEmpty || ListenAddress(settings.metricsListen) != nil, "metrics.listen",
                "must be HOST:PORT, e.g. 127.0.0.1:9464 or [::1]:9464 (or empty)")
        return problems
    }
}

/// Collects every lookup that found a value it could not use, so a typo in a value is an
/// error that names the key rather than a silent default.
private final class ProblemCollector: AccessReporter, Sendable {
    struct Failure { let key: String; let expected: String }
    private let found = Mutex<[Failure]>([])

    var failures: [Failure] { found.withLock { $0 } }

    func report(_ event: AccessEvent) {
        var failed = event.conversionError != nil
        if case .failure = event.result { failed = true }
        for result in event.providerResults { if case .failure = result.result { failed = true } }
        guard failed else { return }
        let failure = Failure(key: event.metadata.key.components.joined(separator: "."), expected: Self.expected(event.metadata.valueType))
        found.withLock { $0.append(failure) }
    }

    /// What a value of `type` must look like, in the words of the error.
    private static func expected(_ type: ConfigType) -> String {
        switch type {
        case .int: "a whole number"
        case .double: "a number"
        case .bool: "true or false"
        case .stringArray: "a list of strings"
        default: "a string"
        }
    }
}
