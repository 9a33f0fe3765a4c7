/// Which of the places a setting can come from sets each key, and with what text: the
/// command line, the environment, the file, in decreasing precedence.
struct SettingSources {
    /// Variables with the `TIDINGS_` prefix that are not settings.
    static let otherVariables: Set = ["TIDINGS_CONFIG", "TIDINGS_TEST_HOOKS"]

    let path: String
    let flags: [String: String]
    let environment: [String: String]
    let file: ConfigurationFileKeys

    /// Where `key`'s value comes from.
    func source(of key: String) -> SettingSource {
        if flags[key] != nil { return .commandLine }
        let variable = SettingSource.environmentVariable(for: key)
        if environment[variable] != nil { return .environment(variable) }
        if file.entries[key] != nil { return .file(path) }
        return .builtIn
    }

    /// The value of `key` as its source wrote it, if something set it.
    func written(_ key: String) -> String? {
        flags[key] ?? environment[SettingSource.environmentVariable(for: key)] ?? file.entries[key]?.value
    }

    /// A problem with `key`, located where its value was set.
    func problem(_ key: String, _ message: String, refusesStart: Bool = true) -> ConfigurationReport.Problem {
        let source = source(of: key)
        let line = source == .file(path) ? file.entries[key]?.line : nil
        return .init(key: key, source: source, line: line, message: message, refusesStart: refusesStart)
    }

    /// The keys the file sets and the `TIDINGS_` variables that match no setting in `known`.
    /// An unknown key in the file is a typo that would otherwise pass unnoticed, so it
    /// refuses a start; a variable may belong to another program, so only
    /// `tidings config check` reports it.
    func unknownKeys(known: [String]) -> [ConfigurationReport.Problem] {
        let knownKeys = Set(known)
        var problems: [ConfigurationReport.Problem] = []
        for (key, entry) in file.entries.sorted(by: { $0.value.line < $1.value.line }) where !knownKeys.contains(key) {
            problems.append(.init(
                key: key, source: .file(path), line: entry.line,
                message: "unknown setting" + Self.suggestion(for: key, among: known), refusesStart: true))
        }
        let knownVariables = Dictionary(uniqueKeysWithValues: known.map { (SettingSource.environmentVariable(for: $0), $0) })
        for variable in environment.keys.sorted()
        where variable.hasPrefix("TIDINGS_") && knownVariables[variable] == nil && !Self.otherVariables.contains(variable) {
            let names = Array(knownVariables.keys)
            problems.append(.init(
                key: variable, source: nil, line: nil,
                message: "an environment variable with Tidings' prefix that sets no setting" + Self.suggestion(for: variable, among: names),
                refusesStart: false))
        }
        return problems
    }

    /// "; did you mean KEY?" for the known name closest to `name`, when one is close.
    private static func suggestion(for name: String, among known: [String]) -> String {
        let scored = known.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
        guard let (closest, distance) = scored, distance <= max(2, name.count / 5) else {
            return "; `tidings config show` lists every setting"
        }
        return "; did you mean \(closest)?"
    }

    /// Levenshtein distance, on characters.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
