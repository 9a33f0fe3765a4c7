import Foundation
import LinuxSystem
import SystemPackage
import TidingsCore

/// Takes files out of the inbox once their outcomes are committed: deletes or archives a
/// stored file, quarantines a rejected one with a `NAME.reason.json` beside it.
///
/// Directories are fsynced once per batch, after all its files moved, so the whole batch's
/// removals are durable together, after the commit that made them safe.
package struct InboxDisposer: FileDisposing {
    package let directories: InboxDirectories

    package init(directories: InboxDirectories) {
        self.directories = directories
    }

    package func dispose(_ outcomes: [IngestOutcome]) -> BatchDisposal {
        var touchedRejected = false
        var touchedArchive = false
        let disposals = outcomes.map { outcome in
            let disposal = dispose(outcome)
            if case .quarantined = disposal { touchedRejected = true }
            if case .archived = disposal { touchedArchive = true }
            return disposal
        }
        do throws(SystemCallError) {
            try FileSystem.fsyncDirectory(directories.inbox)
            if touchedRejected { try FileSystem.fsyncDirectory(directories.rejected) }
            if touchedArchive, let archive = directories.archive { try FileSystem.fsyncDirectory(archive) }
            return BatchDisposal(disposals: disposals)
        } catch {
            return BatchDisposal(disposals: disposals, syncFailure: error)
        }
    }

    private func dispose(_ outcome: IngestOutcome) -> Disposal {
        let source = directories.path(outcome.file)
        do throws(SystemCallError) {
            if outcome.kind == .rejected {
                let target = freeName(for: outcome.file, in: directories.rejected)
                try FileSystem.writeDurably(
                    sidecar(outcome), to: target + ".reason.json",
                    temporary: directories.rejected + "/.tidings-\(UUID().uuidString).tmp")
                do throws(SystemCallError) { try FileSystem.rename(source, target) } catch {
                    // The sidecar describes a file that is not there: take it back.
                    try? FileSystem.unlink(target + ".reason.json")
                    throw error
                }
                return .quarantined(target)
            }
            if let archive = directories.archive {
                let target = freeName(for: outcome.file, in: archive)
                try FileSystem.rename(source, target)
                return .archived(target)
            }
            try FileSystem.unlink(source)
            return .deleted
        } catch where error.errno == .noSuchFileOrDirectory && !FileSystem.exists(source) {
            return .alreadyGone
        } catch {
            return .leftInPlace("\(error)", (try? FileSystem.status(source)).map(FileIdentity.init))
        }
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

    /// `NAME.reason.json`: why the file was rejected, and its journal entry.
    private func sidecar(_ outcome: IngestOutcome) -> [UInt8] {
        let object: JSONValue = .object([
            ("file", .string(outcome.file)),
            ("reason", .string(outcome.reason ?? "")),
            ("rejected_at", .string(Timestamp.now())),
            ("journal_seq", .int(outcome.sequence)),
        ])
        return Array((object.rendered + "\n").utf8)
    }
}
