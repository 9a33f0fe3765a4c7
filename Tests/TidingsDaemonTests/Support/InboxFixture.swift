import Foundation
import Glibc
import Logging
import TidingsCore
import TidingsStore
import TidingsTesting
@testable import TidingsDaemon

/// An inbox, its rejected directory and a store in a temporary directory, with the settings
/// that name them: what the daemon's services work on, without the daemon process.
final class InboxFixture: @unchecked Sendable {
    let root = TemporaryDirectory("tidings-inbox")
    var settings = Settings()
    let directories: InboxDirectories
    let claims: ClaimsDirectory
    let store: FlakyStore

    init(settleMilliseconds: Int = 500, configure: (inout Settings) -> Void = { _ in }) throws {
        try FileManager.default.createDirectory(atPath: root.path("inbox"), withIntermediateDirectories: true)
        settings.inboxPath = root.path("inbox")
        settings.rejectedPath = root.path("rejected")
        settings.storePath = root.path("store.sqlite")
        settings.settleMilliseconds = settleMilliseconds
        configure(&settings)
        directories = try InboxDirectories(settings: settings)
        claims = try ClaimsDirectory(inbox: directories.inbox, rejected: directories.rejected)
        store = FlakyStore(try SQLiteStore(path: settings.storePath, access: .readWrite))
    }

    var inbox: String { directories.inbox }
    /// The inbox's entries, without the claims directory.
    var inboxNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []).filter { $0 != ClaimsDirectory.name }.sorted() }
    /// The files waiting, in the inbox or claimed: the inbox's names and the names of the
    /// claimed files.
    var waitingNames: [String] {
        let claimed = (try? store.claims()) ?? []
        return (inboxNames + claimed.filter { claimedNames.contains($0.token) }.map(\.file)).sorted()
    }

    /// The files in the claims directory.
    var claimedNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: claims.path)) ?? []).sorted() }
    func names(in directory: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() }

    /// An entry check over this fixture's directories.
    func check(_ leftInPlace: LeftInPlace = LeftInPlace()) -> EntryCheck {
        EntryCheck(directories: directories, claims: claims, settings: settings, leftInPlace: leftInPlace)
    }

    /// Writes a file elsewhere and renames it in, over any file of that name: the Maildir way.
    @discardableResult
    func deliver(_ name: String, _ text: String) throws -> String {
        let staged = root.path(".staged-\(UUID().uuidString)")
        try Data(text.utf8).write(to: URL(fileURLWithPath: staged))
        guard rename(staged, inbox + "/" + name) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return inbox + "/" + name
    }

    /// Writes a file in place, as `cp` or an editor does.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = inbox + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        return path
    }

    /// Appends to a file in place, as a writer that re-opens it does.
    func append(_ name: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: inbox + "/" + name))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// The journal, oldest first.
    func journal() throws -> [JournalEntry] {
        var entries: [JournalEntry] = []
        try store.forEachJournalEntry(after: 0) { entry, _ in entries.append(entry) }
        return entries
    }

    /// A distinct, valid article of a few paragraphs.
    static func article(_ index: Int) -> String {
        "Report \(index) Headline\n\nGENEVA (BW) - Dispatch number \(index) opens here.\n\n"
            + (0..<6).map { paragraph in (0..<20).map { "w\(index)x\(paragraph)y\($0)" }.joined(separator: " ") + "." }.joined(separator: "\n\n")
    }

    /// The daemon's writer over this fixture's store.
    func writer(budget: Int = 5, logger: Logger = Logger(label: "test")) -> StoreWriter {
        StoreWriter(
            store: store, path: settings.storePath, retry: CommitRetry(maxPause: .seconds(30), budget: budget), logger: logger,
            reopen: { [store] () throws(StoreError) in store })
    }
}
