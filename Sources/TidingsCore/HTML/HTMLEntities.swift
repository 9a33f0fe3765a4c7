/// Character references left in text (`&amp;`, `&#8217;`, `&#x2019;`) decoded once more:
/// pages escape their metadata twice more often than one would think.
enum HTMLEntities {
    static let named: [String: String] = ["quot": "\"", "amp": "&", "apos": "'", "lt": "<", "gt": ">"]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = rest[afterAmpersand...]
                continue
            }
            let entity = rest[afterAmpersand..<semicolon]
            if let value = named[String(entity)] {
                out += value
            } else if entity.hasPrefix("#"), let scalar = codePoint(entity.dropFirst()).flatMap(Unicode.Scalar.init), scalar.value != 0 {
                out.unicodeScalars.append(scalar)
            } else {
                out += "&" + entity + ";"
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }

    private static func codePoint(_ digits: Substring) -> UInt32? {
        if digits.first == "x" || digits.first == "X" { return UInt32(digits.dropFirst(), radix: 16) }
        return UInt32(digits)
    }
}
