import Configuration

/// Reads settings through swift-configuration and records each one as it is read: its
/// effective value and where it came from. The keys read are the keys Tidings knows, so the
/// list of known keys cannot drift from the code that reads them.
final class SettingsReading {
    private let config: ConfigReader
    private let sources: SettingSources
    /// Every setting read so far, in the order read.
    private(set) var values: [ConfigurationReport.Value] = []
    /// Values of a fixed set (an enumeration) that are not in it.
    private(set) var choiceProblems: [ConfigurationReport.Problem] = []

    init(config: ConfigReader, sources: SettingSources) {
        self.config = config
        self.sources = sources
    }

    func int(_ key: String, _ defaultValue: Int) -> Int {
        record(key, config.int(forKey: ConfigKey(key), default: defaultValue))
    }

    func double(_ key: String, _ defaultValue: Double) -> Double {
        record(key, config.double(forKey: ConfigKey(key), default: defaultValue))
    }

    func string(_ key: String, _ defaultValue: String) -> String {
        record(key, config.string(forKey: ConfigKey(key), default: defaultValue))
    }

    func bool(_ key: String, _ defaultValue: Bool) -> Bool {
        record(key, config.bool(forKey: ConfigKey(key), default: defaultValue))
    }

    func stringArray(_ key: String, _ defaultValue: [String]) -> [String] {
        let value = config.stringArray(forKey: ConfigKey(key), default: defaultValue)
        values.append(.init(key: key, value: "[" + value.joined(separator: ", ") + "]", source: sources.source(of: key)))
        return value
    }

    /// One of a fixed set of values, named by its raw value; anything else is a problem that
    /// lists the allowed values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ defaultValue: Choice) -> Choice where Choice.RawValue == String {
        optionalChoice(key, defaultValue) ?? defaultValue
    }

    /// ``choice(_:_:)`` where an empty value (or none) means none.
    func optionalChoice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ defaultValue: Choice?) -> Choice? where Choice.RawValue == String {
        let text = config.string(forKey: ConfigKey(key), default: defaultValue?.rawValue ?? "")
        values.append(.init(key: key, value: text, source: sources.source(of: key)))
        guard !text.isEmpty else { return nil }
        guard let value = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            choiceProblems.append(sources.problem(key, "\"\(text)\" is not one of: \(allowed)"))
            return defaultValue
        }
        return value
    }

    /// A text where an empty value (or none) means none.
    func optionalString(_ key: String, _ defaultValue: String?) -> String? {
        let text = string(key, defaultValue ?? "")
        return text.isEmpty ? nil : text
    }

    /// The names the file gives under `prefix` (`inboxes` → `reuters`, `ap`), in the order
    /// the file lists them: settings that are a list of named groups of keys.
    func names(under prefix: String) -> [String] {
        var seen: [String: Int] = [:]
        for (key, entry) in sources.file.entries where key.hasPrefix(prefix + ".") {
            let name = String(key.dropFirst(prefix.count + 1).split(separator: ".", maxSplits: 1).first ?? "")
            seen[name] = min(seen[name] ?? .max, entry.line)
        }
        return seen.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
    }

    /// Where `key`'s value came from.
    func source(of key: String) -> SettingSource { sources.source(of: key) }

    private func record<Value>(_ key: String, _ value: Value) -> Value {
        values.append(.init(key: key, value: "\(value)", source: sources.source(of: key)))
        return value
    }
}
