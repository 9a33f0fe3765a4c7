extension Unicode.Scalar {
    /// White space, answered from ``ScalarTable`` rather than a Unicode property lookup:
    /// the parser asks for every scalar.
    var isWhiteSpace: Bool { ScalarTable.isWhiteSpace(value) }
}

extension StringProtocol {
    /// The text without white space (no-break spaces included) at either end.
    func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }),
              let last = scalars.lastIndex(where: { !$0.isWhiteSpace }) else { return "" }
        // Copied as bytes: building a UnicodeScalarView scalar by scalar was most of parsing.
        return String(decoding: utf8[first..<scalars.index(after: last)], as: UTF8.self)
    }
}
