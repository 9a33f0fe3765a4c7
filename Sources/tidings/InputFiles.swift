import LinuxSystem
import SystemPackage
import TidingsCore

/// The files `tidings ingest` is asked to read, checked before anything is written.
///
/// A mistyped path or a directory is the user's slip, not a file that was delivered: it
/// would otherwise be journaled as a permanent `rejected` entry (600 of them from one list
/// of relative names run in the wrong directory). Such paths are a usage error, all of them
/// named at once, and nothing is ingested. Whatever exists and is not a directory goes to
/// the pipeline as it is: a symbolic link, a device or a FIFO is journaled as rejected,
/// with its reason, as the daemon would.
enum InputFiles {
    /// The paths to ingest: `paths` in order, each directory replaced by the files under it
    /// (sorted, in depth-first order) when `recursive` is set.
    /// - Throws: a ``UsageError`` naming every path that does not exist, that is a
    ///   directory while `recursive` is off, or that cannot be listed.
    static func expand(_ paths: [String], recursive: Bool) throws -> [String] {
        var files: [String] = []
        var problems: [String] = []
        for path in paths {
            let status: Stat
            do throws(SystemCallError) { status = try FileSystem.status(path) } catch {
                problems.append("\(shown(path)): \(error.errno == .noSuchFileOrDirectory ? "no such file" : error.errno.description.lowercased())")
                continue
            }
            guard status.type == .directory else { files.append(path); continue }
            guard recursive else {
                problems.append("\(shown(path)): is a directory (use --recursive to ingest the files under it)")
                continue
            }
            collect(under: path, into: &files, problems: &problems)
        }
        guard problems.isEmpty else {
            let listed = problems.prefix(20).joined(separator: "\n  ")
            let more = problems.count > 20 ? "\n  … and \(problems.count - 20) more" : ""
            throw UsageError("nothing was ingested; \(problems.count == 1 ? "this path" : "these \(problems.count) paths") cannot be read as files:\n  \(listed)\(more)")
        }
        return files
    }

    /// Appends the files under `directory`, depth first in name order. Symbolic links to
    /// directories are not followed (a link is passed on as a file and rejected unless
    /// `--follow-symlinks`), so a loop of links cannot make the walk endless.
    private static func collect(under directory: String, into files: inout [String], problems: inout [String]) {
        let names: [FileName]
        do throws(SystemCallError) { names = try FileSystem.names(in: directory) } catch {
            problems.append("\(shown(directory)): cannot be listed (\(error.errno.description.lowercased()))")
            return
        }
        for name in names.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            guard name.isUTF8 else {
                problems.append("\(shown(directory + "/" + name.description)): the name is not UTF-8; rename the file to ingest it")
                continue
            }
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + name.description
            if let status = try? FileSystem.status(path), status.type == .directory {
                collect(under: path, into: &files, problems: &problems)
            } else {
                files.append(path)
            }
        }
    }

    /// A path on one line of the error, whatever characters its name holds.
    private static func shown(_ path: String) -> String { TerminalText.escaped(path, keepingLineBreaks: false) }
}
