import Foundation
import LinuxSystem
import SystemPackage
import TidingsCore

/// Takes files away once their outcomes are committed: deletes or archives a stored file,
/// quarantines a rejected one — whatever it is, a link, a FIFO, a directory — with a
/// `NAME.reason.json` beside it. The daemon disposes of files from the claims directory,
/// where no producer can swap them, into directories no producer can enter (0700).
///
/// Directories are fsynced once per batch, after all its files moved, so the whole batch's
/// removals are durable together, after the commit that made them safe.
package struct InboxDisposer: FileDisposing {
    package let directories: InboxDirectories

    package init(directories: InboxDirectories) {
        self.directories = directories
    }

    package func dispose(_ outcomes: [IngestOutcome], at paths: [String]) -> BatchDisposal {
        var touched: Set<String> = []
        let disposals = zip(outcomes, paths).map { outcome, path in
            let disposal = dispose(outcome, at: path)
            switch disposal {
            case .deleted: touched.insert(Self.parent(of: path))
            case .quarantined(let target), .archived(let target):
                // A file from a folder of the inbox lands in folders made for it: their
                // entries must be as durable as the file's.
                touched.insert(Self.parent(of: path))
                var folder = Self.parent(of: target)
                while folder != directories.rejected && folder != directories.archive && folder.count > 1 {
                    touched.insert(folder)
                    folder = Self.parent(of: folder)
                }
                touched.insert(folder)
            case .kept, .alreadyGone, .leftInPlace: break
            }
            return disposal
        }
        do throws(SystemCallError) {
            for directory in touched.sorted() { try FileSystem.fsyncDirectory(directory) }
            return BatchDisposal(disposals: disposals)
        } catch {
            return BatchDisposal(disposals: disposals, syncFailure: error)
        }
    }

    private func dispose(_ outcome: IngestOutcome, at source: String) -> Disposal {
        do throws(SystemCallError) {
            if outcome.kind == .rejected {
                let target = try freeName(for: outcome.file, in: directories.rejected)
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
                let target = try freeName(for: outcome.file, in: archive)
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

    /// `name`, or `name.1`, `name.2`, … whichever is free (with its sidecar name) in
    /// `directory`. A name too long to take a sidecar's `.reason.json` (file names have at
    /// most 255 bytes) is shortened, keeping its start and a hash of the whole. A file from
    /// a folder of the inbox keeps its place: `feed/2026-12-01/a.txt` goes to
    /// `directory/feed/2026-12-01/a.txt`, the folders made as needed (0700, like the
    /// directory: a producer enters neither).
    private func freeName(for file: String, in root: String) throws(SystemCallError) -> String {
        var parts = file.split(separator: "/").map { Self.fitting($0 == "." || $0 == ".." ? "_" : String($0)) }
        let name = parts.popLast() ?? "_"
        var directory = root
        for folder in parts {
            directory += "/" + folder
            if !FileSystem.exists(directory) {
                do { try FileSystem.makeDirectory(directory, permissions: [.ownerReadWriteExecute]) } catch where error.errno == .fileExists {}
            }
        }
        let base = name
        var candidate = directory + "/" + base
        var counter = 0
        while FileSystem.exists(candidate) || FileSystem.exists(candidate + ".reason.json") {
            counter += 1
            candidate = directory + "/" + base + ".\(counter)"
        }
        return candidate
    }

    /// Room for `.reason.json` and a counter within the 255 bytes of a file name.
    static let maxNameBytes = 255 - ".reason.json".utf8.count - 8

    static func fitting(_ name: String) -> String {
        guard name.utf8.count > maxNameBytes else { return name }
        let hash = String(SHA256Hex.of(Array(name.utf8)).prefix(16))
        var start = ""
        for character in name where start.utf8.count + character.utf8.count <= maxNameBytes - 17 { start.append(character) }
        return start + "~" + hash
    }

    private static func parent(of path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
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
