import Foundation
import SystemPackage
import TidingsCore

/// Takes a file out of the inbox once its outcome is committed: deletes or archives a
/// stored file, quarantines a rejected one with a `NAME.reason.json` beside it.
///
/// Directories are fsynced once per batch (``syncDirectories()``), so the whole batch's
/// removals are durable together, after the commit that made them safe.
final class Disposer {
    /// What happened to one file.
    enum Disposal: Equatable {
        case deleted
        case archived(String)
        case quarantined(String)
        /// The file was already gone (removed by someone else, or by an earlier run).
        case alreadyGone
        /// It could not be moved; it stays where it is and the reason is logged.
        case leftInPlace(String)
    }

    let directories: InboxDirectories
    private var touchedArchive = false
    private var touchedRejected = false

    init(directories: InboxDirectories) {
        self.directories = directories
    }

    func dispose(_ outcome: IngestOutcome) -> Disposal {
        let source = directories.path(outcome.file)
        do {
            if outcome.kind == .rejected {
                let target = freeName(for: outcome.file, in: directories.rejected)
                try FileSystem.writeDurably(
                    sidecar(outcome), to: target + ".reason.json",
                    temporary: directories.rejected + "/.tidings-\(UUID().uuidString).tmp")
                try FileSystem.rename(source, target)
                touchedRejected = true
                return .quarantined(target)
            }
            if let archive = directories.archive {
                let target = freeName(for: outcome.file, in: archive)
                try FileSystem.rename(source, target)
                touchedArchive = true
                return .archived(target)
            }
            try FileSystem.unlink(source)
            return .deleted
        } catch let error as SystemCallError where error.errno == .noSuchFileOrDirectory && !FileSystem.exists(source) {
            return .alreadyGone
        } catch {
            return .leftInPlace("\(error)")
        }
    }

    /// Makes every removal and move of the batch durable.
    func syncDirectories() throws {
        try FileSystem.fsyncDirectory(directories.inbox)
        if touchedRejected { try FileSystem.fsyncDirectory(directories.rejected) }
        if touchedArchive, let archive = directories.archive { try FileSystem.fsyncDirectory(archive) }
        touchedRejected = false
        touchedArchive = false
    }

    /// `name`, or `name.1`, `name.2`, … whichever is free (with its sidecar name) in `directory`.
    private func freeName(for name: String, in directory: String) -> String {
        var candidate = directory + "/" + name
        var counter = 0
        while FileSystem.exists(candidate) || FileSystem.exists(candidate + ".reason.json") {
            counter += 1
            candidate = directory + "/" + name + ".\(counter)"
        }
        return candidate
    }

    private func sidecar(_ outcome: IngestOutcome) -> [UInt8] {
        let object: [String: Any] = [
            "file": outcome.file,
            "reason": outcome.reason ?? "",
            "rejected_at": Timestamp.now(),
            "journal_seq": outcome.sequence,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return Array(data) + [0x0A]
    }
}
