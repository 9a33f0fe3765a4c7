import Foundation
import Testing
import TidingsTesting

/// `tidings ingest`, end to end, through the built binary.
@Suite struct IngestCommandTests {
    let directory = TemporaryDirectory("tidings-cli")
    var store: String { directory.path("store.sqlite") }
    var seeds: [String] { Fixtures.seeds.map { "seeds/" + $0.lastPathComponent } }

    @Test func seedsAreFiveNewThenFiveDuplicates() throws {
        let first = try TidingsBinary.run(["ingest", "--store", store] + seeds)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.lines == seeds.enumerated().map { "new \($0.offset + 1) \($0.element)" })
        let second = try TidingsBinary.run(["ingest", "--store", store] + seeds)
        #expect(second.status == 0)
        #expect(second.lines == seeds.enumerated().map { "duplicate of \($0.offset + 1) \($0.element)" })
        #expect(second.stderr.contains("5 files: 0 new, 5 duplicate, 0 near-duplicate, 0 rejected"))
    }

    /// A link is a name for a file the user may not have meant: it is rejected unless
    /// `--follow-symlinks` says to follow it.
    @Test func aSymbolicLinkIsFollowedOnlyWhenAsked() throws {
        let link = directory.path("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Fixtures.seed("001").path)
        let refused = try TidingsBinary.run(["ingest", "--store", store, link])
        #expect(refused.status == 3)
        #expect(refused.lines == ["rejected \(link): not a regular file (a symbolic link, which is not followed)"])
        let followed = try TidingsBinary.run(["ingest", "--store", store, "--follow-symlinks", link])
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.lines == ["new 1 \(link)"])
    }

    @Test func copiesOfASeedAreNearDuplicatesOfIt() throws {
        #expect(try TidingsBinary.run(["ingest", "--store", store] + seeds).status == 0)
        let original = Fixtures.seedText("001")
        let copies = [
            try directory.write("edited.txt", CopyVariants.edited(original)),
            try directory.write("wrapped.txt", CopyVariants.wrapped(original)),
            try directory.write("truncated.txt", CopyVariants.truncated(original, to: 0.8)),
        ]
        let result = try TidingsBinary.run(["ingest", "--store", store, "--json"] + copies)
        #expect(result.status == 0, "\(result.stderr)")
        let objects = result.jsonLines
        #expect(objects.count == 3)
        for (object, file) in zip(objects, copies) {
            #expect(object["file"] as? String == file)
            #expect(object["outcome"] as? String == "near-duplicate", "\(file): \(object)")
            #expect(object["of"] as? Int == 2)
            #expect((object["id"] as? Int ?? 0) > 5)
            #expect((object["similarity"] as? Double).map { (0.5...1).contains($0) } == true)
            #expect(object["reason"] is NSNull)
        }
    }

    /// The outlet's web page of seed 001 (Tests/fixtures/html/tasnim-rouhani.html), ingested
    /// after the plain-text seed, is recognised as a copy of it; and the other way round.
    @Test func theWebPageOfASeedIsANearDuplicateOfItsText() throws {
        let page = "Tests/fixtures/html/tasnim-rouhani.html"
        #expect(try TidingsBinary.run(["ingest", "--store", store] + seeds).status == 0)
        let afterText = try TidingsBinary.run(["ingest", "--store", store, "--json", page])
        #expect(afterText.jsonLines.first?["outcome"] as? String == "near-duplicate", "\(afterText.stdout)")
        #expect(afterText.jsonLines.first?["of"] as? Int == 2)

        let other = directory.path("other.sqlite")
        #expect(try TidingsBinary.run(["ingest", "--store", other, page]).status == 0)
        let afterPage = try TidingsBinary.run(["ingest", "--store", other, "--json", seeds[1]])
        #expect(afterPage.jsonLines.first?["outcome"] as? String == "near-duplicate", "\(afterPage.stdout)")
        #expect(afterPage.jsonLines.first?["of"] as? Int == 1)
    }

    @Test func footerlessEditedCopyOfSeed000IsANearDuplicate() throws {
        #expect(try TidingsBinary.run(["ingest", "--store", store] + seeds).status == 0)
        let copy = try directory.write("copy.txt", CopyVariants.edited(Fixtures.seedText("000")))
        let result = try TidingsBinary.run(["ingest", "--store", store, copy])
        #expect(result.lines.count == 1)
        #expect(result.lines.first?.hasPrefix("near-duplicate 6 of 1 (") == true, "\(result.stdout)")
    }

    @Test func rejectedFilesAreReportedAndExitThree() throws {
        let bad = try directory.write("bad.bin", Array("seventeen bytes..".utf8) + [0, 1, 2])
        let result = try TidingsBinary.run(["ingest", "--store", store, bad, "seeds/" + Fixtures.seed("001").lastPathComponent])
        #expect(result.status == 3)
        #expect(result.lines.first == "rejected \(bad): not text (NUL byte at offset 17)")
        #expect(result.lines.last?.hasPrefix("new 1 ") == true)
        let json = try TidingsBinary.run(["ingest", "--store", store, "--json", bad])
        #expect(json.status == 3)
        let object = try #require(json.jsonLines.first)
        #expect(object["outcome"] as? String == "rejected")
        #expect(object["id"] is NSNull && object["of"] is NSNull && object["similarity"] is NSNull)
        #expect(object["reason"] as? String == "not text (NUL byte at offset 17)")
    }

    @Test func aFileNameWithANewlineStaysOnOneLine() throws {
        let path = try directory.write("two\nlines.txt", Fixtures.seedText("004"))
        let result = try TidingsBinary.run(["ingest", "--store", store, path])
        #expect(result.lines == ["new 1 \(directory.path("two\\nlines.txt"))"])
    }

    @Test func inputFilesAreLeftAsTheyWere() throws {
        let path = try directory.write("a.txt", Fixtures.seedText("003"))
        _ = try TidingsBinary.run(["ingest", "--store", store, path])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(Fixtures.seedBytes("003")))
    }

    /// A mistyped path or a directory is the user's slip, not a delivered file: it is named,
    /// with what to do, and nothing is written, not even the store.
    @Test func aMissingPathOrADirectoryIsAUsageErrorAndNothingIsWritten() throws {
        try FileManager.default.createDirectory(atPath: directory.path("folder"), withIntermediateDirectories: true)
        let result = try TidingsBinary.run(["ingest", "--store", store, seeds[0], directory.path("typo.txt"), directory.path("folder")])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("nothing was ingested"), "\(result.stderr)")
        #expect(result.stderr.contains("\(directory.path("typo.txt")): no such file"))
        #expect(result.stderr.contains("\(directory.path("folder")): is a directory (use --recursive"))
        #expect(!result.stderr.contains("Usage:"))
        #expect(!FileManager.default.fileExists(atPath: store))

        // Relative names listed in --files-from, run from the wrong directory.
        let list = try directory.write("list", seeds.joined(separator: "\n") + "\n")
        let wrongPlace = try TidingsBinary.run(["ingest", "--store", store, "--files-from", list], in: directory.url)
        #expect(wrongPlace.status == 2)
        #expect(wrongPlace.stderr.contains("these 5 paths cannot be read as files"), "\(wrongPlace.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// `--recursive` reads a tree in name order, depth first; a link to a directory is not
    /// followed (it is a link, rejected like any other).
    @Test func recursiveIngestReadsATreeAndDoesNotFollowLinkedFolders() throws {
        let tree = directory.path("feeds")
        for (index, seed) in Fixtures.seeds.enumerated() {
            let folder = "\(tree)/\(index % 2 == 0 ? "b" : "a")/2026-12-0\(index)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: seed.path, toPath: folder + "/" + seed.lastPathComponent)
        }
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/loop", withDestinationPath: tree)
        let result = try TidingsBinary.run(["ingest", "--store", store, "--recursive", tree])
        #expect(result.status == 3, "\(result.stderr)")
        let names = result.lines.map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(result.lines.count == 6, "\(result.stdout)")
        #expect(result.lines.filter { $0.hasPrefix("new ") }.count == 5)
        #expect(result.lines.last == "rejected \(tree)/loop: not a regular file (a symbolic link, which is not followed)")
        #expect(names.prefix(5) == [
            "\(tree)/a/2026-12-01/\(Fixtures.seeds[1].lastPathComponent)", "\(tree)/a/2026-12-03/\(Fixtures.seeds[3].lastPathComponent)",
            "\(tree)/b/2026-12-00/\(Fixtures.seeds[0].lastPathComponent)", "\(tree)/b/2026-12-02/\(Fixtures.seeds[2].lastPathComponent)",
            "\(tree)/b/2026-12-04/\(Fixtures.seeds[4].lastPathComponent)",
        ])
    }

    @Test func quietPrintsNothingAndTheStatusStillTells() throws {
        let quiet = try TidingsBinary.run(["ingest", "--store", store, "--quiet"] + seeds)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        let bad = try directory.write("empty.txt", "")
        let rejected = try TidingsBinary.run(["ingest", "--store", store, "-q", bad])
        #expect(rejected.status == 3)
        #expect(rejected.stdout.isEmpty && rejected.stderr.isEmpty)
    }

    /// On a terminal (here a pseudo-terminal made by `script`), standard error carries a
    /// progress line with the rate and the time left, wiped at the end; off a terminal (every
    /// other test) there is none.
    @Test func aTerminalShowsAProgressLine() throws {
        let quoted = ([TidingsBinary.url.path, "ingest", "--store", store] + seeds).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["--quiet", "--return", "--command", quoted + " >/dev/null", "/dev/null"]
        process.currentDirectoryURL = Fixtures.root
        process.environment = ["TIDINGS_CONFIG": Fixtures.root.appendingPathComponent("config/tidings.yaml").path, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let screen = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(screen)")
        #expect(screen.contains("/5 files · "), "\(screen)")
        #expect(screen.contains(" files/s · ") && screen.contains(" left"), "\(screen)")
        #expect(screen.contains("\r\u{1B}[Ktidings: 5 files: 5 new"), "\(screen)")
        #expect(!(try TidingsBinary.run(["ingest", "--store", directory.path("other.sqlite")] + seeds).stderr.contains("files/s")))
    }

    @Test func theStoreComesFromTheConfigurationWhenNoFlagIsGiven() throws {
        let config = try directory.write("tidings.yaml", "store:\n  path: \(directory.path("configured.sqlite"))\n")
        let result = try TidingsBinary.run(["ingest", "--config", config, "seeds/" + Fixtures.seed("002").lastPathComponent])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("configured.sqlite")))
        let env = try TidingsBinary.run(["stats", "--json"], environment: ["TIDINGS_STORE_PATH": directory.path("configured.sqlite")])
        #expect(env.jsonLines.first?["articles"] as? Int == 1)
    }
}
