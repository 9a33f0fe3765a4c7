import Glibc

/// Runs `body` with environment variables set, restoring them after. The suites that use
/// it are serialized: the environment is the process's.
func withEnvironment<T>(_ values: [String: String?], _ body: () async throws -> T) async rethrows -> T {
    let saved = values.keys.map { ($0, getenv($0).map { String(cString: $0) }) }
    for (key, value) in values {
        if let value { setenv(key, value, 1) } else { unsetenv(key) }
    }
    defer { for (key, value) in saved { if let value { setenv(key, value, 1) } else { unsetenv(key) } } }
    return try await body()
}
