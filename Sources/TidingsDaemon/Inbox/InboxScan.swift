import LinuxSystem
import SystemPackage

/// A walk of (part of) the inbox tree: every file in it, each folder watched before it is
/// listed, so that nothing arriving in a folder between its listing and its watch is missed.
///
/// Folders that are a writer's temporary names (a dot-name, an ignored suffix) are not
/// entered: their files are read once the folder is renamed into place. Links to folders
/// are not followed: they are entries like any link, rejected unread. Folders deeper than
/// `maxDepth` are not entered and are reported, as are folders that cannot be watched
/// (the user's inotify watches used up): those are still listed, and the periodic rescan
/// finds what arrives in them.
struct InboxScan {
    /// The files found, by their path in the inbox.
    var files: [FileName] = []
    /// Folders not entered because they are nested deeper than allowed.
    var tooDeep: [FileName] = []
    /// Folders listed but not watched, and why.
    var unwatched: [(folder: FileName, error: SystemCallError)] = []
    /// Folders that could not be listed (removed meanwhile, or swapped for a link), and why.
    var unreadable: [(folder: FileName, error: SystemCallError)] = []

    /// Walks `folder` (the inbox itself for the empty path, whose watch the watcher holds)
    /// and everything under it. Blocks: run it on a worker thread.
    static func walk(
        _ folder: FileName, tree: InboxTree, watcher: InboxWatcher, maxDepth: Int, ignoredSuffixes: [String]
    ) -> InboxScan {
        var scan = InboxScan()
        if !folder.bytes.isEmpty {
            guard scan.enter(folder, watcher: watcher, maxDepth: maxDepth, ignoredSuffixes: ignoredSuffixes) else { return scan }
        }
        scan.list(folder, tree: tree, watcher: watcher, maxDepth: maxDepth, ignoredSuffixes: ignoredSuffixes)
        return scan
    }

    /// Whether to walk into `folder`: not a temporary name, not too deep; watched first.
    private mutating func enter(_ folder: FileName, watcher: InboxWatcher, maxDepth: Int, ignoredSuffixes: [String]) -> Bool {
        if InboxNames.isIgnored(folder.description, suffixes: ignoredSuffixes) { return false }
        guard folder.components.count <= maxDepth else {
            tooDeep.append(folder)
            return false
        }
        do throws(SystemCallError) { try watcher.watch(folder) } catch {
            if error.errno != .noSuchFileOrDirectory { unwatched.append((folder, error)) }
        }
        return true
    }

    private mutating func list(_ folder: FileName, tree: InboxTree, watcher: InboxWatcher, maxDepth: Int, ignoredSuffixes: [String]) {
        let directory: DirectoryHandle
        let names: [FileName]
        do throws(SystemCallError) {
            directory = try DirectoryHandle.open(tree.root).subdirectory(folder)
            names = try directory.names()
        } catch {
            unreadable.append((folder, error))
            return
        }
        for name in names {
            let path = folder.appending(name)
            guard let status = try? directory.status(of: name), status.type == .directory else {
                files.append(path)
                continue
            }
            if enter(path, watcher: watcher, maxDepth: maxDepth, ignoredSuffixes: ignoredSuffixes) {
                list(path, tree: tree, watcher: watcher, maxDepth: maxDepth, ignoredSuffixes: ignoredSuffixes)
            }
        }
    }
}
