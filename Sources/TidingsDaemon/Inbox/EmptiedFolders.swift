import LinuxSystem
import Synchronization

/// Folders of the inbox the daemon emptied, to be removed (`inbox.remove_empty_folders`).
///
/// A folder is a candidate only when the daemon saw it empty right after disposing of files
/// from it; it is removed at the next rescan if it is still empty then (removing a folder
/// that is not empty fails, so a file that arrived meanwhile keeps it), and its parent
/// after it if that is empty too. The inbox itself is never removed. The wait until the
/// rescan leaves a producer that fills a folder file by file the time to put the next one.
package final class EmptiedFolders: Sendable {
    private let candidates = Mutex(Set<FileName>())

    package init() {}

    /// After a batch was disposed of: keeps those of `folders` that are empty now.
    /// Blocks: run it on a worker thread.
    package func noteDisposal(in folders: Set<FileName>, tree: InboxTree) {
        let empty = folders.filter { folder in
            !folder.bytes.isEmpty && (try? DirectoryHandle.open(tree.root).subdirectory(folder).names().isEmpty) == true
        }
        guard !empty.isEmpty else { return }
        candidates.withLock { $0.formUnion(empty) }
    }

    /// Removes the candidates that are still empty, deepest first, each parent left empty
    /// with them; returns the folders removed. Blocks: run it on a worker thread.
    package func removeEmpty(tree: InboxTree) -> [FileName] {
        let taken = candidates.withLock { candidates in defer { candidates = [] }; return candidates }
        var removed: [FileName] = []
        for folder in taken.sorted(by: { $0.components.count > $1.components.count }) {
            var current = folder
            while !current.bytes.isEmpty, tree.removeIfEmpty(current) {
                removed.append(current)
                current = current.split.folder
            }
        }
        return removed
    }
}
