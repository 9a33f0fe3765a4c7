import Foundation
import Testing
import TidingsTesting

/// What every command shares (README, "Usage" and "Exit codes"): help, exit codes, clear errors.
@Suite struct CommandContractTests {
    let directory = TemporaryDirectory("tidings-cli")

    @Test(arguments: ["ingest", "parse", "list", "show", "search", "stats", "export", "verify", "status", "remove", "migrate", "config check", "config show"])
    func everyCommandHasHelp(command: String) throws {
        let result = try TidingsBinary.run(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: tidings \(command)"))
    }

    /// The version the binary reports is the Debian package's (debian/changelog).
    @Test func theVersionIsThePackagesVersion() throws {
        let result = try TidingsBinary.run(["--version"])
        #expect(result.status == 0)
        let changelog = try String(contentsOf: Fixtures.root.appendingPathComponent("debian/changelog"), encoding: .utf8)
        let packaged = changelog.split(separator: "\n").first.flatMap { $0.split(separator: "(").dropFirst().first?.split(separator: ")").first }
        #expect(result.lines == [packaged.map(String.init) ?? "no version in debian/changelog"])
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try TidingsBinary.run(["frobnicate"]).status == 2)
        #expect(try TidingsBinary.run(["show", "--store", directory.path("s.sqlite"), "not-a-number"]).status == 2)
        #expect(try TidingsBinary.run(["list", "--limit", "0"]).status == 2)
    }

    @Test func aMissingStoreExitsTwoAndSaysWhatToDo() throws {
        let result = try TidingsBinary.run(["stats", "--store", directory.path("nothing.sqlite")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("there is no store at"))
        #expect(result.stderr.contains("tidings ingest"))
    }

    @Test func aBadConfigurationExitsTwoNamingTheKey() throws {
        let config = try directory.write("bad.yaml", "parser:\n  max_file_bytes: huge\n")
        let result = try TidingsBinary.run(["ingest", "--config", config, "--store", directory.path("s.sqlite"), Fixtures.seed("001").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("parser.max_file_bytes"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")))
    }

    /// More files than a command line holds: `--files-from` reads the paths from a list.
    @Test func filesFromAListAreIngestedAfterTheArguments() throws {
        let list = try directory.write("list", ["002", "003"].map { Fixtures.seed($0).path }.joined(separator: "\n") + "\n\n")
        let store = directory.path("listed.sqlite")
        let result = try TidingsBinary.run(["ingest", "--store", store, "--files-from", list, Fixtures.seed("001").path])
        #expect(result.status == 0)
        let ingested = result.stdout.split(separator: "\n").map { $0.split(separator: "/").last.map(String.init) ?? "" }
        #expect(ingested == ["001", "002", "003"].map { Fixtures.seed($0).lastPathComponent })
        let missing = try TidingsBinary.run(["ingest", "--store", store, "--files-from", directory.path("no-such-list")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-list"))
    }

    @Test func aForeignDatabaseIsRefused() throws {
        let path = try directory.write("notes.sqlite", String(repeating: "not sqlite at all ", count: 200))
        let result = try TidingsBinary.run(["ingest", "--store", path, Fixtures.seed("001").path])
        #expect(result.status == 4)
        #expect(result.stderr.contains(path))
    }

    /// One `tidings` reads while another writes: the reader never fails or sees a half batch.
    @Test func readingWhileAnotherProcessWrites() async throws {
        let store = directory.path("busy.sqlite")
        var paths: [String] = []
        for index in 0..<600 {
            paths.append(try directory.write("a\(index).txt", "Dispatch \(index). " + String(repeating: "item\(index) detail ", count: 80)))
        }
        #expect(try TidingsBinary.run(["ingest", "--store", store, paths[0]]).status == 0)
        let writer = Task.detached { try TidingsBinary.run(["ingest", "--store", store] + Array(paths.dropFirst())) }
        var readings = 0
        var writerDone = false
        while !writerDone || readings < 3 {
            let stats = try TidingsBinary.run(["stats", "--store", store, "--json"])
            #expect(stats.status == 0, "\(stats.stderr)")
            readings += 1
            writerDone = readings > 200 || (stats.jsonLines.first?["journal_entries"] as? Int) == 600
        }
        let written = try await writer.value
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try TidingsBinary.run(["verify", "--store", store]).status == 0)
    }
}
