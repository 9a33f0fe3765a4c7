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

    @Test func fieldNamesAreShortAndUseOnlyTheAllowedCharacters() {
        let name = JournalFields.fieldName(forMetadataKey: String(repeating: "very long key ", count: 10))
        #expect(name.count == 64)
        #expect(name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        #expect(!name.hasPrefix("_"))
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
