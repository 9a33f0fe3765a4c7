import Testing
@testable import TidingsStore

/// Store URLs as users write them, libpq's spellings included.
@Suite struct PostgreSQLAddressTests {
    @Test func tcpAndSocketURLsAreRead() throws {
        let tcp = try PostgreSQLAddress(url: "postgresql://tidings@db.example.org:5433/news")
        #expect(tcp.endpoint == .tcp(host: "db.example.org", port: 5433))
        #expect(tcp.user == "tidings" && tcp.database == "news" && !tcp.requiresTLS)
        #expect(tcp.description == "postgresql://tidings@db.example.org:5433/news")
        let socket = try PostgreSQLAddress(url: "postgres://tidings@/news?host=/run/postgresql")
        #expect(socket.endpoint == .socket(directory: "/run/postgresql", port: 5432))
        #expect(socket.description == "postgresql://tidings@/news?host=/run/postgresql")
        let encoded = try PostgreSQLAddress(url: "postgresql://tidings@%2Fvar%2Frun%2Fpostgresql/news")
        #expect(encoded.endpoint == .socket(directory: "/var/run/postgresql", port: 5432))
        #expect(try PostgreSQLAddress(url: "postgresql://t@db/news?sslmode=require").requiresTLS)
    }

    @Test func badURLsAreRefusedWithTheReason() {
        func refusal(_ url: String) -> String {
            do { _ = try PostgreSQLAddress(url: url); return "accepted" } catch { return error.message }
        }
        #expect(refusal("postgresql://tidings:hunter2@db/news").contains("holds a password"))
        #expect(!refusal("postgresql://tidings:hunter2@db/news").contains("hunter2"))
        #expect(refusal("postgresql://db/news").contains("names no user"))
        #expect(refusal("postgresql://tidings@db/").contains("names no database"))
        #expect(refusal("postgresql://tidings@/news").contains("names no host"))
        #expect(refusal("postgresql://tidings@db/news?sslmode=maybe").contains("sslmode=maybe"))
        #expect(refusal("postgresql://tidings@db/news?options=x").contains("unknown parameter options"))
        #expect(refusal("postgresql://tidings@db:99999/news").contains("not a port number"))
        #expect(!PostgreSQLAddress.isURL("/var/lib/tidings/tidings.sqlite"))
    }
}
