/// A daemon's name among those sharing one store (`store.instance`): it goes into every
/// journal entry and claim the daemon writes, and into log lines, so it is kept short and
/// plain.
enum InstanceName {
    static let rule = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"

    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64 else { return false }
        func plain(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) }
        return plain(first) && name.unicodeScalars.allSatisfy { plain($0) || "._-".unicodeScalars.contains($0) }
    }
}
