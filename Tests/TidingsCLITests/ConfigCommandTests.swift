import Foundation
import Testing
import TidingsTesting

/// `tidings config check` and `config show`, through the built binary.
@Suite struct ConfigCommandTests {
    let directory = TemporaryDirectory("tidings-config-cli")

    /// A configuration whose directories all exist, so only what a test adds is a problem.
    func usableConfig(_ extra: String = "") throws -> String {
        try FileManager.default.createDirectory(atPath: directory.path("inbox"), withIntermediateDirectories: true)
        return try directory.write("tidings.yaml", """
            store:
              path: \(directory.path("store.sqlite"))
            inbox:
              path: \(directory.path("inbox"))
              rejected_path: \(directory.path("rejected"))
            \(extra)
            """)
    }

    @Test func aGoodConfigurationPassesTheCheck() throws {
        let config = try usableConfig()
        let result = try TidingsBinary.run(["config", "check", "--config", config])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("configuration OK (\(config))"))
    }

    /// Every problem, one line each, located, with what is allowed — and no names of the
    /// configuration library's internals.
    @Test func everyProblemIsOneLineNamingTheKeyTheSourceAndWhatIsAllowed() throws {
        let config = try usableConfig("""
            dedup:
              resemblence: 0.6
              containment: lots
            parser:
              invalid_utf8: latin1
              max_file_bytes: 0
            log:
              level: loud
            """)
        let result = try TidingsBinary.run(
            ["config", "check", "--config", config], environment: ["TIDINGS_INGEST_BATCH_SIZE": "many", "TIDINGS_STORE_PTH": "x"])
        #expect(result.status == 2)
        let lines = result.lines
        #expect(lines.contains("dedup.resemblence (file \(config), line 7): unknown setting; did you mean dedup.resemblance?"), "\(lines)")
        #expect(lines.contains("dedup.containment (file \(config), line 8): \"lots\" is not a number"))
        #expect(lines.contains("parser.invalid_utf8 (file \(config), line 10): \"latin1\" is not one of: reject, windows-1252"))
        #expect(lines.contains("parser.max_file_bytes (file \(config), line 11): 0 is not allowed: must be at least 1"))
        #expect(lines.contains("log.level (file \(config), line 13): \"loud\" is not one of: trace, debug, info, notice, warning, error, critical"))
        #expect(lines.contains("ingest.batch_size (environment TIDINGS_INGEST_BATCH_SIZE): \"many\" is not a whole number"))
        #expect(lines.contains { $0.hasPrefix("warning: TIDINGS_STORE_PTH: ") && $0.hasSuffix("did you mean TIDINGS_STORE_PATH?") })
        #expect(lines.count == 7, "\(lines)")
        #expect(result.stderr.contains("6 problems in the configuration"))
        for libraryName in ["FileProvider", "YAMLSnapshot", "KeyMappingProvider", "EnvironmentVariablesProvider"] {
            #expect(!result.stdout.contains(libraryName) && !result.stderr.contains(libraryName))
        }
        let json = try TidingsBinary.run(["config", "check", "--config", config, "--json"])
        #expect(json.status == 2)
        let unknown = try #require(json.jsonLines.first { $0["key"] as? String == "dedup.resemblence" })
        #expect(unknown["line"] as? Int == 7 && unknown["fatal"] as? Bool == true && unknown["source"] as? String == "file \(config)")
    }

    /// The daemon refuses what the check refuses (an unknown key is not silently ignored),
    /// and an environment error names the variable, not a file that does not exist.
    @Test func theDaemonRefusesAnUnknownKeyAndBlamesTheRightSource() throws {
        let config = try usableConfig("dedup:\n  resemblence: 0.6\n")
        let run = try TidingsBinary.run(["run", "--config", config])
        #expect(run.status == 2)
        #expect(run.stderr.contains("dedup.resemblence (file \(config), line 7): unknown setting"), "\(run.stderr)")

        // In a JSON log, the fatal error is a JSON entry like any other.
        let json = try TidingsBinary.run(["run", "--config", config, "--log-format", "json"])
        #expect(json.status == 2)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any], "\(json.stderr)")
        #expect(entry["level"] as? String == "critical")
        #expect((entry["message"] as? String)?.contains("dedup.resemblence") == true)
        #expect(entry["exit_status"] as? Int == 2)
        #expect(entry["message_id"] as? String == "5dd2e9ba6d974abe9e4b0c9585607602")

        let env = try TidingsBinary.run(["stats", "--store", directory.path("s.sqlite")], environment: ["TIDINGS_DEDUP_RESEMBLANCE": "high"])
        #expect(env.status == 2)
        #expect(env.stderr.contains("dedup.resemblance (environment TIDINGS_DEDUP_RESEMBLANCE): \"high\" is not a number"), "\(env.stderr)")
        #expect(!env.stderr.contains("tidings.yaml"), "\(env.stderr)")
    }

    /// The directories the daemon would refuse at start are problems before it starts.
    /// (A rejected directory is made with its missing parents; one under a file cannot be.)
    @Test func directoriesTheDaemonCannotUseAreProblems() throws {
        let file = try directory.write("a-file", "not a directory")
        let config = try directory.write("paths.yaml", """
            store:
              path: \(directory.path("no-such-dir/store.sqlite"))
            inbox:
              path: \(directory.path("no-inbox"))
              rejected_path: \(file)/rejected
            """)
        let result = try TidingsBinary.run(["config", "check", "--config", config])
        #expect(result.status == 2)
        #expect(result.lines.contains { $0.hasPrefix("inbox.path (file \(config)): \(directory.path("no-inbox")) does not exist: create it") }, "\(result.lines)")
        #expect(result.lines.contains { $0.hasPrefix("inbox.rejected_path (file \(config)): ") && $0.contains("cannot be created") })
        #expect(result.lines.contains("store.path (file \(config)): the store's directory: \(directory.path("no-such-dir")) does not exist"))
    }

    /// Several inboxes: each bad entry is refused with its reason and where it was written.
    @Test func badInboxEntriesAreRefusedWithTheirReasons() throws {
        for name in ["wire", "web", "nested"] {
            try FileManager.default.createDirectory(atPath: directory.path("feeds/\(name)"), withIntermediateDirectories: true)
        }
        let config = try usableConfig("""
            inboxes:
              wire:
                path: \(directory.path("feeds/wire"))
                format: pdf
              Web Feed:
                path: \(directory.path("feeds/web"))
                language: english
              nested:
                path: \(directory.path("feeds/wire/nested"))
              late:
                pth: \(directory.path("feeds/late"))
              trash:
                path: \(directory.path("feeds/trash"))
                rejected_path: \(directory.path("feeds/wire/rejected"))
            """)
        let result = try TidingsBinary.run(["config", "check", "--config", config])
        #expect(result.status == 2)
        let lines = result.lines
        let wire = directory.path("feeds/wire")
        #expect(lines.contains("inbox.path (file \(config), line 4): cannot be used with inboxes: give each inbox its path as inboxes.NAME.path"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("inboxes.wire.format (file \(config), line 9): \"pdf\" is not one of: text, ninjs, json, html") })
        #expect(lines.contains { $0.hasPrefix("inboxes.Web Feed: \"Web Feed\" cannot name an inbox: use 1 to 32 lower-case letters") })
        #expect(lines.contains { $0.hasPrefix("inboxes.Web Feed.language (file \(config), line 12): \"english\" is not a language tag") })
        #expect(lines.contains("inboxes.nested.path (file \(config), line 14): \(wire)/nested is inside the inbox wire (\(wire)): an inbox's folders are part of it, so each inbox needs a directory of its own"))
        #expect(lines.contains("inboxes.late.path: every inbox needs a path: the directory it watches"))
        #expect(lines.contains("inboxes.late.pth (file \(config), line 16): unknown setting; did you mean inboxes.late.path?"))
        #expect(lines.contains("inboxes.trash.rejected_path (file \(config), line 19): \(wire)/rejected is inside the inbox wire (\(wire)): the files put there would be read again"))
        #expect(lines.contains { $0.hasPrefix("inboxes.trash.path (file \(config)): \(directory.path("feeds/trash")) does not exist") })

        let list = try TidingsBinary.run(["config", "check", "--config", try directory.write("list.yaml", "inboxes: [wire, web]\n")])
        #expect(list.lines.contains { $0.hasPrefix("inboxes (file ") && $0.contains("is not a list of inboxes: give each inbox by name, with its path") }, "\(list.lines)")
    }

    /// What systemd needs of the configured inboxes: tmpfiles.d lines for every inbox and
    /// its directories, and ReadWritePaths= for those outside the spool the unit opens.
    @Test func systemdPrintsTheTmpfilesLinesAndTheDropInTheInboxesNeed() throws {
        let feeds = directory.path("my feeds")
        let config = try directory.write("inboxes.yaml", """
            inboxes:
              wire:
                path: /var/spool/tidings/inboxes/wire
              web:
                path: \(feeds)/web
                rejected_path: \(feeds)/rejected
                archive_path: \(feeds)/archive
            """)
        let tmpfiles = try TidingsBinary.run(["config", "systemd", "tmpfiles", "--config", config])
        #expect(tmpfiles.status == 0, "\(tmpfiles.stderr)")
        let escaped = feeds.replacingOccurrences(of: " ", with: "\\x20")
        #expect(tmpfiles.lines.filter { !$0.hasPrefix("#") } == [
            "d /var/spool/tidings/inboxes 0755 tidings tidings -",
            "d /var/spool/tidings/inboxes/wire 3770 tidings tidings -",
            "d /var/spool/tidings/rejected/wire 0700 tidings tidings -",
            "d \(escaped)/web 3770 tidings tidings -",
            "d \(escaped)/rejected 0700 tidings tidings -",
            "d \(escaped)/archive 0700 tidings tidings -",
        ])
        let dropIn = try TidingsBinary.run(["config", "systemd", "drop-in", "--config", config])
        #expect(dropIn.status == 0)
        // One entry for the folder holding the inbox and its directories: systemd makes
        // each entry a mount of its own, and files move between them by rename.
        #expect(dropIn.lines.filter { !$0.hasPrefix("#") } == ["[Service]", "ReadWritePaths=\"\(feeds)\""])

        let apart = try directory.write("apart.yaml", "inboxes:\n  web:\n    path: /srv/web\n    rejected_path: /var/spool/rejected-web\n")
        let split = try TidingsBinary.run(["config", "systemd", "drop-in", "--config", apart])
        #expect(split.status == 2 && split.stdout.isEmpty)
        #expect(split.stderr.contains("the inbox web (/srv/web) and its rejected or archive directory share no folder but /"), "\(split.stderr)")

        let bad = try TidingsBinary.run(["config", "systemd", "drop-in", "--config", try directory.write("bad.yaml", "inboxes:\n  Bad Name:\n    path: /x\n")])
        #expect(bad.status == 2 && bad.stdout.isEmpty)
        #expect(bad.stderr.contains("cannot name an inbox"))
    }

    /// `show` names where each value came from, with the precedence of the loader.
    @Test func showPrintsEverySettingWithItsSource() throws {
        let config = try usableConfig("dedup:\n  resemblance: 0.7\n")
        let result = try TidingsBinary.run(
            ["config", "show", "--config", config, "--json"], environment: ["TIDINGS_DEDUP_CONTAINMENT": "0.9"])
        #expect(result.status == 0, "\(result.stderr)")
        let byKey = Dictionary(uniqueKeysWithValues: result.jsonLines.map { ($0["key"] as? String ?? "", $0) })
        #expect(byKey["dedup.resemblance"]?["value"] as? String == "0.7")
        #expect(byKey["dedup.resemblance"]?["source"] as? String == "file \(config)")
        #expect(byKey["dedup.containment"]?["value"] as? String == "0.9")
        #expect(byKey["dedup.containment"]?["source"] as? String == "environment TIDINGS_DEDUP_CONTAINMENT")
        #expect(byKey["ingest.batch_size"]?["source"] as? String == "default")
        #expect(byKey["log.level"]?["value"] as? String == "info")
        #expect(byKey.count >= 28)
        let text = try TidingsBinary.run(["config", "show", "--config", config])
        #expect(text.lines.contains { $0.hasPrefix("dedup.resemblance ") && $0.hasSuffix("= 0.7  # file \(config)") }, "\(text.stdout)")
    }
}
