import Yams

/// The keys a YAML configuration file sets, as dotted paths, with the line of each.
///
/// swift-configuration looks up the keys it is asked for and ignores the rest, so a typo
/// (`dedup.resemblence`) would pass silently; this walk finds every key the file sets so
/// the ones nothing reads can be named.
struct ConfigurationFileKeys {
    /// Each leaf key (`dedup.resemblance`) with its value as written and its line.
    private(set) var entries: [String: (value: String, line: Int)] = [:]

    /// No file: no keys.
    init() {}

    /// - Throws: when `text` is not YAML; the caller reports it (swift-configuration's own
    ///   parse says the same).
    init(yaml text: String) throws {
        guard let root = try Yams.compose(yaml: text) else { return }
        walk(root, prefix: [])
    }

    private mutating func walk(_ node: Node, prefix: [String]) {
        guard case .mapping(let mapping) = node else {
            if !prefix.isEmpty { entries[prefix.joined(separator: ".")] = (Self.written(node), (node.mark?.line ?? 0)) }
            return
        }
        if mapping.isEmpty, !prefix.isEmpty { entries[prefix.joined(separator: ".")] = ("{}", mapping.mark?.line ?? 0) }
        for (key, value) in mapping {
            walk(value, prefix: prefix + [key.string ?? "\(key)"])
        }
    }

    /// A value as the file spells it: a scalar as is, a list as `[a, b]`.
    private static func written(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string
        case .sequence(let sequence): "[" + sequence.map(written).joined(separator: ", ") + "]"
        case .mapping: "{…}"
        case .alias: "*alias"
        }
    }
}
