/// `metrics.listen`: a host and a port, `127.0.0.1:9464`, `[::1]:9464` or `localhost:9464`.
package struct ListenAddress: Sendable, Equatable {
    package let host: String
    package let port: Int

    /// Nil unless `text` is `HOST:PORT` with a port from 0 to 65535 (0: any free port, which
    /// the log and `tidings status` then show).
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        self.host = host
        self.port = port
    }
}
