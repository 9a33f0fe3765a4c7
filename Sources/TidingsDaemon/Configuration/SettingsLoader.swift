import Configuration
import Foundation
import Synchronization
import SystemPackage
import TidingsCore

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
    package static func load(
        configPath: String?, flags: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ConfigurationError) -> Settings {
        let explicitPath = configPath ?? environment["TIDINGS_CONFIG"]
        let path = explicitPath ?? Settings.defaultConfigPath
        let file: FileProvider<YAMLSnapshot>
        do {
            if explicitPath != nil, !FileManager.default.fileExists(atPath: path) {
                throw ConfigurationError("the configuration file \(path) does not exist; fix the path given with --config or TIDINGS_CONFIG")
            }
            file = try await FileProvider<YAMLSnapshot>(filePath: FilePath(path), allowMissing: explicitPath == nil)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("cannot read the configuration file \(path): \(error)")
        }
        var flagValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in flags { flagValues[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = ConfigValue(.string(value), isSecret: false) }

        let problems = ProblemCollector()
        let reader = ConfigReader(
            providers: [
                InMemoryProvider(name: "command-line flags", values: flagValues),
                EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: ["tidings"]),
                file,
            ],
            accessReporter: problems)
        let settings = read(reader)
        var messages = problems.messages
        messages += validate(settings)
        guard messages.isEmpty else {
            throw ConfigurationError("invalid configuration (\(path)): " + messages.joined(separator: "; "))
        }
        return settings
    }

    private static func read(_ config: ConfigReader) -> Settings {
        var settings = Settings()
        let store = config.scoped(to: "store")
        settings.storePath = store.string(forKey: "path", default: settings.storePath)
        settings.busyTimeoutMilliseconds = store.int(forKey: "busy_timeout_ms", default: settings.busyTimeoutMilliseconds)
        settings.retryMaxSeconds = store.int(forKey: "retry_max_seconds", default: settings.retryMaxSeconds)
        settings.maxConsecutiveFailures = store.int(forKey: "max_consecutive_failures", default: settings.maxConsecutiveFailures)
        let parser = config.scoped(to: "parser")
        settings.limits.maxFileBytes = parser.int(forKey: "max_file_bytes", default: settings.limits.maxFileBytes)
        settings.limits.maxJSONDepth = parser.int(forKey: "max_json_depth", default: settings.limits.maxJSONDepth)
        settings.limits.maxLineBytes = parser.int(forKey: "max_line_bytes", default: settings.limits.maxLineBytes)
        settings.limits.invalidUTF8 = parser.string(forKey: "invalid_utf8", as: InvalidUTF8Policy.self, default: settings.limits.invalidUTF8)
        settings.limits.maxHTMLDepth = parser.int(forKey: "max_html_depth", default: settings.limits.maxHTMLDepth)
        settings.limits.maxHTMLElements = parser.int(forKey: "max_html_elements", default: settings.limits.maxHTMLElements)
        settings.limits.maxHTMLAttributes = parser.int(forKey: "max_html_attributes", default: settings.limits.maxHTMLAttributes)
        let cpuSeconds = parser.double(forKey: "max_cpu_seconds", default: Double(settings.parseBudget.cpu.components.seconds))
        settings.parseBudget.cpu = .milliseconds(Int64(1000 * min(max(cpuSeconds.isFinite ? cpuSeconds : 0, 0), 1e6)))
        let memoryMiB = parser.int(forKey: "max_memory_mib", default: settings.parseBudget.memoryBytes >> 20)
        settings.parseBudget.memoryBytes = min(max(memoryMiB, 0), 1 << 30) << 20
        let dedup = config.scoped(to: "dedup")
        settings.thresholds.resemblance = dedup.double(forKey: "resemblance", default: settings.thresholds.resemblance)
        settings.thresholds.containment = dedup.double(forKey: "containment", default: settings.thresholds.containment)
        settings.thresholds.minimumContainedShingles = dedup.int(
            forKey: "min_contained_shingles", default: settings.thresholds.minimumContainedShingles)
        settings.batchSize = config.int(forKey: "ingest.batch_size", default: settings.batchSize)
        settings.batchMaxBytes = config.int(forKey: "ingest.batch_max_bytes", default: settings.batchMaxBytes)
        settings.batchMaxSeconds = config.int(forKey: "ingest.batch_max_seconds", default: settings.batchMaxSeconds)
        let inbox = config.scoped(to: "inbox")
        settings.inboxPath = inbox.string(forKey: "path", default: settings.inboxPath)
        settings.rejectedPath = inbox.string(forKey: "rejected_path", default: settings.rejectedPath)
        settings.archivePath = inbox.string(forKey: "archive_path", default: settings.archivePath)
        settings.ignoredSuffixes = inbox.stringArray(forKey: "ignored_suffixes", default: settings.ignoredSuffixes)
        settings.settleMilliseconds = inbox.int(forKey: "settle_ms", default: settings.settleMilliseconds)
        settings.rescanSeconds = inbox.int(forKey: "rescan_seconds", default: settings.rescanSeconds)
        settings.maxAttempts = inbox.int(forKey: "max_attempts", default: settings.maxAttempts)
        settings.refuseOwnFiles = inbox.bool(forKey: "refuse_own_files", default: settings.refuseOwnFiles)
        return settings
    }

    private static func validate(_ settings: Settings) -> [String] {
        var problems: [String] = []
        func require(_ condition: Bool, _ message: String) { if !condition { problems.append(message) } }
        require(!settings.storePath.isEmpty, "store.path must not be empty")
        require((0...3_600_000).contains(settings.busyTimeoutMilliseconds), "store.busy_timeout_ms must be between 0 and 3600000")
        require((1...3_600).contains(settings.retryMaxSeconds), "store.retry_max_seconds must be between 1 and 3600")
        require((1...1_000_000).contains(settings.maxConsecutiveFailures), "store.max_consecutive_failures must be between 1 and 1000000")
        require(settings.limits.maxFileBytes > 0, "parser.max_file_bytes must be at least 1")
        require(settings.limits.maxJSONDepth > 0, "parser.max_json_depth must be at least 1")
        require(settings.limits.maxLineBytes > 0, "parser.max_line_bytes must be at least 1")
        require(settings.limits.maxHTMLDepth > 0, "parser.max_html_depth must be at least 1")
        require(settings.limits.maxHTMLElements > 0, "parser.max_html_elements must be at least 1")
        require(settings.limits.maxHTMLAttributes > 0, "parser.max_html_attributes must be at least 1")
        require(settings.parseBudget.cpu >= .milliseconds(100) && settings.parseBudget.cpu <= .seconds(3_600),
                "parser.max_cpu_seconds must be between 0.1 and 3600")
        require((16...65_536).contains(settings.parseBudget.memoryBytes >> 20), "parser.max_memory_mib must be between 16 and 65536")
        require((0.0...1.0).contains(settings.thresholds.resemblance) && settings.thresholds.resemblance > 0,
                "dedup.resemblance must be above 0 and at most 1")
        require((0.0...1.0).contains(settings.thresholds.containment) && settings.thresholds.containment > 0,
                "dedup.containment must be above 0 and at most 1")
        require(settings.thresholds.minimumContainedShingles >= 1, "dedup.min_contained_shingles must be at least 1")
        require((1...100_000).contains(settings.batchSize), "ingest.batch_size must be between 1 and 100000")
        require(settings.batchMaxBytes >= 1, "ingest.batch_max_bytes must be at least 1")
        require((1...3_600).contains(settings.batchMaxSeconds), "ingest.batch_max_seconds must be between 1 and 3600")
        require(!settings.inboxPath.isEmpty, "inbox.path must not be empty")
        require(!settings.rejectedPath.isEmpty, "inbox.rejected_path must not be empty")
        require((0...3_600_000).contains(settings.settleMilliseconds), "inbox.settle_ms must be between 0 and 3600000")
        require((1...86_400).contains(settings.rescanSeconds), "inbox.rescan_seconds must be between 1 and 86400")
        require(!settings.ignoredSuffixes.contains(""), "inbox.ignored_suffixes must not contain an empty suffix")
        require((1...100).contains(settings.maxAttempts), "inbox.max_attempts must be between 1 and 100")
        return problems
    }
}

/// Collects every lookup that found a value it could not use, so a typo in a value is an
/// error that names the key rather than a silent default.
private final class ProblemCollector: AccessReporter, Sendable {
    private let found = Mutex<[String]>([])

    var messages: [String] { found.withLock { $0 } }

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        var problem: String?
        if let conversionError = event.conversionError {
            problem = "\(key): \(conversionError)"
        } else if case .failure(let error) = event.result {
            problem = "\(key): \(error)"
        } else {
            for result in event.providerResults {
                if case .failure(let error) = result.result { problem = "\(key) (\(result.providerName)): \(error)"; break }
            }
        }
        if let problem { found.withLock { $0.append(problem) } }
    }
}
