import Logging
import Testing
@testable import Systemd

@Suite struct JournalFieldsTests {
    @Test(arguments: [
        ("outcome", "TIDINGS_OUTCOME"),
        ("article_id", "TIDINGS_ARTICLE_ID"),
        ("duplicate_of", "TIDINGS_DUPLICATE_OF"),
        ("moved-to.path", "TIDINGS_MOVED_TO_PATH"),
        ("_private", "TIDINGS__PRIVATE"),
        ("9lives", "TIDINGS_9LIVES"),
        ("Ünïcode key", "TIDINGS__N_CODE_KEY"),
    ])
    func metadataKeysBecomeValidFieldNames(key: String, field: String) {
        #expect(JournalFields.fieldName(forMetadataKey: key) == field)
    }

    /// The key events carry journald's own `MESSAGE_ID`, so `journalctl MESSAGE_ID=…` finds
    /// them whatever their wording; every ID is 128 bits in lower-case hex, and unique.
    @Test func theMessageIDIsJournaldsOwnField() {
        let fields = JournalFields.fields(
            message: "watching /in", level: .notice, metadata: [MessageID.metadataKey: .string(MessageID.started)],
            identifier: "tidings", file: "f", function: "g", line: 1)
        #expect(fields.contains { $0.name == "MESSAGE_ID" && $0.value == MessageID.started })
        #expect(!fields.contains { $0.name.hasPrefix("TIDINGS_MESSAGE") })
        let ids = [MessageID.started, MessageID.stopped, MessageID.reloaded, MessageID.reloadRefused,
                   MessageID.commitsPaused, MessageID.commitsResumed, MessageID.fatal]
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
    }

    @Test func fieldNamesAreShortAndUseOnlyTheAllowedCharacters() {
        let keys = ["", "_", "a", String(repeating: "very long key ", count: 10), "ключ", "emoji 🗞 key", "tab\tkey", "0", "x.y-z"]
        for key in keys {
            let name = JournalFields.fieldName(forMetadataKey: key)
            #expect(name.count <= 64, "\(key)")
            #expect(name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }, "\(key)")
        }
        #expect(JournalFields.fieldName(forMetadataKey: String(repeating: "very long key ", count: 10)).count == 64)
    }

    /// Metadata comes from files a producer wrote (names, reasons): it must not be able to
    /// set journald's trusted fields (`_PID`, `_SYSTEMD_UNIT`, which start with `_`) or the
    /// entry's own `MESSAGE`, `PRIORITY` and `SYSLOG_IDENTIFIER`.
    @Test func metadataCannotForgeTrustedOrStandardFields() {
        let fields = JournalFields.fields(
            message: "new", level: .info,
            metadata: ["_SYSTEMD_UNIT": "sshd.service", "_PID": "1", "MESSAGE": "forged", "PRIORITY": "0", "SYSLOG_IDENTIFIER": "sudo"],
            identifier: "tidings", file: "f.swift", function: "f()", line: 1)
        #expect(fields.filter { $0.name.hasPrefix("_") }.isEmpty)
        #expect(fields.filter { $0.name == "MESSAGE" }.map(\.value) == ["new"])
        #expect(fields.filter { $0.name == "PRIORITY" }.map(\.value) == ["6"])
        #expect(fields.filter { $0.name == "SYSLOG_IDENTIFIER" }.map(\.value) == ["tidings"])
        #expect(fields.contains { $0.name == "TIDINGS__SYSTEMD_UNIT" && $0.value == "sshd.service" })
    }

    @Test func prioritiesFollowSyslog() {
        #expect([Logger.Level.trace, .debug, .info, .notice, .warning, .error, .critical].map(JournalFields.priority(of:)) == [7, 7, 6, 5, 4, 3, 2])
    }

    @Test func anOutcomeBecomesTheDocumentedFields() {
        let fields = JournalFields.fields(
            message: "near-duplicate", level: .info,
            metadata: ["outcome": "near-duplicate", "file": "copy\nof.txt", "article_id": "13", "duplicate_of": "12", "similarity": "0.9412"],
            identifier: "tidings", file: "InboxDaemon.swift", function: "dispose(_:with:)", line: 42)
        let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["MESSAGE"] == "near-duplicate")
        #expect(byName["PRIORITY"] == "6")
        #expect(byName["SYSLOG_IDENTIFIER"] == "tidings")
        #expect(byName["CODE_FILE"] == "InboxDaemon.swift")
        #expect(byName["CODE_LINE"] == "42")
        #expect(byName["CODE_FUNC"] == "dispose(_:with:)")
        #expect(byName["TIDINGS_OUTCOME"] == "near-duplicate")
        #expect(byName["TIDINGS_FILE"] == "copy\nof.txt")
        #expect(byName["TIDINGS_ARTICLE_ID"] == "13")
        #expect(byName["TIDINGS_DUPLICATE_OF"] == "12")
        #expect(byName["TIDINGS_SIMILARITY"] == "0.9412")
        #expect(fields.count == 11)
    }
}
