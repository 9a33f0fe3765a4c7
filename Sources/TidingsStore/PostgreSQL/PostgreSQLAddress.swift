import Foundation

/// Where a PostgreSQL store is: `postgresql://USER@HOST[:PORT]/DATABASE`, or over a Unix
/// socket, `postgresql://USER@/DATABASE?host=/run/postgresql` (libpq's spelling, so the
/// same URL works with `psql`).
///
/// A password never appears here: a URL is written on command lines and in configuration
/// files that other users can read (`ps`, the journal). It comes from a file of its own:
/// `store.password_file`, or systemd's `LoadCredential=` (see ``PostgreSQLPassword``).
package struct PostgreSQLAddress: Sendable, Equatable, CustomStringConvertible {
    package enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The directory holding the server's socket, `.s.PGSQL.PORT`.
        case socket(directory: String, port: Int)
    }

    package let endpoint: Endpoint
    package let user: String
    package let database: String
    /// `sslmode=require` (TLS, the server's certificate checked against the system's roots);
    /// `disable` by default, as on a trusted network or a socket.
    package let requiresTLS: Bool

    /// Whether `text` names a PostgreSQL store rather than an SQLite file.
    package static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Parses a `postgresql://` URL; the error says what is wrong with it.
    package init(url text: String) throws(StoreError) {
        func invalid(_ why: String) -> StoreError {
            StoreError(.cannotOpen, "invalid store URL \(Self.redacted(text)): \(why); write postgresql://USER@HOST[:PORT]/DATABASE or postgresql://USER@/DATABASE?host=/SOCKET/DIRECTORY")
        }
        guard Self.isURL(text), let url = URLComponents(string: text) else { throw invalid("not a postgresql:// URL") }
        if url.password != nil {
            throw StoreError(.cannotOpen, "the store URL \(Self.redacted(text)) holds a password: anyone who can list processes or read the configuration would see it; put the password in a file of its own and name it with store.password_file (or systemd's LoadCredential=, see the README)")
        }
        guard let user = url.user, !user.isEmpty else { throw invalid("it names no user") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw invalid("it names no database") }
        var query: [String: String] = [:]
        for item in url.queryItems ?? [] {
            guard ["host", "port", "sslmode"].contains(item.name) else { throw invalid("unknown parameter \(item.name) (host, port and sslmode are understood)") }
            query[item.name] = item.value ?? ""
        }
        let portText = query["port"] ?? url.port.map(String.init) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else { throw invalid("port \(portText) is not a port number") }
        switch query["sslmode"] ?? "disable" {
        case "disable": requiresTLS = false
        case "require", "verify-full": requiresTLS = true
        case let mode: throw invalid("sslmode=\(mode) is not one of disable, require, verify-full")
        }
        let host = query["host"] ?? url.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.hasPrefix("/") {
            guard !requiresTLS else { throw invalid("TLS over a Unix socket is not supported") }
            endpoint = .socket(directory: host, port: port)
        } else if host.isEmpty {
            throw invalid("it names no host (for a Unix socket, add ?host=/run/postgresql)")
        } else {
            endpoint = .tcp(host: host, port: port)
        }
        self.user = user
        self.database = database
    }

    /// The URL as the user would write it again (it never holds a password).
    package var description: String {
        let tls = requiresTLS ? "?sslmode=require" : ""
        switch endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgresql://\(user)@\(shownHost)\(port == 5432 ? "" : ":\(port)")/\(database)\(tls)"
        case .socket(let directory, let port):
            return "postgresql://\(user)@/\(database)?host=\(directory)\(port == 5432 ? "" : "&port=\(port)")"
        }
    }

    /// `text` with anything between `:` and `@` after the scheme hidden, for error messages.
    private static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let schemeEnd = text.range(of: "://")?.upperBound, schemeEnd < at,
              let colon = text[schemeEnd..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":…" + String(text[at...])
    }
}
