import Foundation

/// The executables the package builds, next to the running test bundle in
/// `.build/<configuration>/` (or in `.build/debug/` when run from elsewhere).
public enum BuiltBinaries {
    public static let tidings: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tidings")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Fixtures.root.appendingPathComponent(".build/debug/tidings")
    }()
}
