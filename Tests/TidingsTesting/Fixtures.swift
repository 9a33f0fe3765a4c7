import Foundation

/// The sample articles in `seeds/`, the project's test fixtures.
public enum Fixtures {
    /// The package's root directory.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let seedsDirectory = root.appendingPathComponent("seeds")

    /// The five seed files, in name order.
    public static var seeds: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { seedsDirectory.appendingPathComponent($0) }
    }

    /// The seed whose name starts with `prefix` ("001").
    public static func seed(_ prefix: String) -> URL {
        seeds.first { $0.lastPathComponent.hasPrefix(prefix) } ?? seedsDirectory.appendingPathComponent("\(prefix)-missing")
    }

    public static func seedBytes(_ prefix: String) -> [UInt8] {
        Array((try? Data(contentsOf: seed(prefix))) ?? Data())
    }

    public static func seedText(_ prefix: String) -> String {
        String(decoding: seedBytes(prefix), as: UTF8.self)
    }
}
