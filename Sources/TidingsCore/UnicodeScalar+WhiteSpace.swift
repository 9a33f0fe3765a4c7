extension Unicode.Scalar {
    /// White space, answered for ASCII without a Unicode property lookup (the hot case).
    var isWhiteSpace: Bool {
        if isASCII { return self == " " || (0x09...0x0D).contains(value) }
        return properties.isWhitespace
    }
}

extension StringProtocol {
    /// The text without white space (no-break spaces included) at either end.
    func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }),
              let last = scalars.lastIndex(where: { !$0.isWhiteSpace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
