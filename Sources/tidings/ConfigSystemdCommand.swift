import ArgumentParser
import Foundation
import TidingsDaemon

extension ConfigCommand {
    /// `tidings config systemd tmpfiles | drop-in`: what systemd needs to know of the
    /// configured inboxes, which the packaged unit and tmpfiles.d file cannot: they cover
    /// /var/spool/tidings and its one inbox, and an operator's inboxes may be anywhere.
    struct SystemdCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "systemd",
            abstract: "Print the tmpfiles.d lines or the unit drop-in the configured inboxes need.",
            discussion: """
                tmpfiles: a tmpfiles.d(5) line for each inbox (3770: the tidings group may deliver, setgid, \
                sticky) and for its rejected and archive directories (0700: the daemon's alone), for \
                /etc/tmpfiles.d/tidings-inboxes.conf. drop-in: a [Service] section whose ReadWritePaths= opens, \
                to the sandboxed service, the folder holding each inbox with its rejected and archive \
                directories (one mount: files move between them by rename) when it is outside \
                /var/spool/tidings, for \
                /etc/systemd/system/tidings.service.d/inboxes.conf. Then: systemd-tmpfiles --create \
                /etc/tmpfiles.d/tidings-inboxes.conf; systemctl daemon-reload; systemctl restart tidings. \
                Exits 2, printing nothing, when the configuration has problems (`tidings config check` lists them).
                """)

        enum Output: String, ExpressibleByArgument, CaseIterable {
            case tmpfiles
            case dropIn = "drop-in"
        }

        @Argument(help: ArgumentHelp("What to print: tmpfiles or drop-in.", valueName: "what"))
        var output: Output

        @OptionGroup var source: Source

        /// The user and group of the packaged unit (systemd/tidings.sysusers).
        static let user = "tidings"
        /// What the packaged unit opens already (`ReadWritePaths=`).
        static let spool = "/var/spool/tidings"

        func run() async throws {
            let report = await source.inspect()
            let fatal = report.problems.filter(\.refusesStart)
            guard fatal.isEmpty else {
                for problem in fatal { printError(problem.description) }
                throw ExitCode(ExitStatus.usage)
            }
            let inboxes = report.settings.inboxes
            let origin = report.fileExists ? report.path : "the built-in defaults"
            switch output {
            case .tmpfiles:
                print("# The inboxes of \(origin), for tmpfiles.d(5): written by `tidings config systemd tmpfiles`.")
                // Folders between the spool (the service's) and an inbox are the service's
                // too: tmpfiles refuses to pass from a directory of one owner to another's.
                let between = Set(inboxes.flatMap { [$0.path, $0.rejectedPath, $0.archivePath] }.flatMap(Self.foldersBelowSpool)).sorted()
                for folder in between { print("d \(Self.tmpfilesPath(folder)) 0755 \(Self.user) \(Self.user) -") }
                for inbox in inboxes {
                    print("# \(inbox.name)")
                    print("d \(Self.tmpfilesPath(inbox.path)) 3770 \(Self.user) \(Self.user) -")
                    for path in [inbox.rejectedPath, inbox.archivePath] where !path.isEmpty {
                        print("d \(Self.tmpfilesPath(path)) 0700 \(Self.user) \(Self.user) -")
                    }
                }
            case .dropIn:
                // systemd opens each ReadWritePaths= entry as a mount of its own, and rename()
                // does not cross mounts: an inbox, its rejected and its archive directories
                // must be opened as one, by the folder that holds them all.
                var folders: [String] = []
                for inbox in inboxes {
                    let folder = Self.commonFolder([inbox.path, inbox.rejectedPath, inbox.archivePath].filter { !$0.isEmpty })
                    guard folder != "/" else {
                        printError("the inbox \(inbox.name) (\(inbox.path)) and its rejected or archive directory share no folder but /: under the unit's sandbox each would be a mount of its own, and files move between them by rename; put them in one folder (as /var/spool/tidings/inbox and /var/spool/tidings/rejected are)")
                        throw ExitCode(ExitStatus.usage)
                    }
                    if !Self.isInside(folder, Self.spool) { folders.append(folder) }
                }
                let outermost = Set(folders).filter { folder in !folders.contains { $0 != folder && Self.isInside(folder, $0) } }
                print("# The inboxes of \(origin), for the tidings unit: written by `tidings config systemd drop-in`.")
                print("[Service]")
                if outermost.isEmpty { print("# Every inbox is under \(Self.spool), which the unit opens already.") }
                for folder in outermost.sorted() { print("ReadWritePaths=\(Self.quoted(folder))") }
            }
        }

        /// The folders strictly between the spool and `path`, when `path` is in the spool,
        /// but those the packaged tmpfiles.d file makes (a line here would change their mode).
        static func foldersBelowSpool(_ path: String) -> [String] {
            guard path.hasPrefix(spool + "/") else { return [] }
            let parts = path.dropFirst(spool.count + 1).split(separator: "/").dropLast()
            return parts.indices.map { spool + "/" + parts[...$0].joined(separator: "/") }.filter { !packaged.contains($0) }
        }

        /// What systemd/tidings.tmpfiles makes.
        static let packaged: Set = [spool + "/inbox", spool + "/rejected", spool + "/archive"]

        /// The deepest folder that holds every one of `paths` (or is it).
        static func commonFolder(_ paths: [String]) -> String {
            let split = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.pathComponents }
            guard var common = split.first else { return "/" }
            for components in split.dropFirst() {
                common = Array(zip(common, components).prefix { $0 == $1 }.map(\.0))
            }
            return common.count <= 1 ? "/" : "/" + common.dropFirst().joined(separator: "/")
        }

        /// Whether `path` is `folder` or inside it.
        static func isInside(_ path: String, _ folder: String) -> Bool { path == folder || path.hasPrefix(folder + "/") }

        /// A path as tmpfiles.d reads it: white space and backslashes C-escaped.
        static func tmpfilesPath(_ path: String) -> String {
            path.unicodeScalars.map { scalar in
                scalar == " " || scalar == "\t" || scalar == "\\" ? "\\x" + String(scalar.value, radix: 16, uppercase: false).leftPadded(2) : String(scalar)
            }.joined()
        }

        /// A path as a unit file reads it: quoted when it holds white space.
        static func quoted(_ path: String) -> String {
            path.contains(where: \.isWhitespace) ? "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : path
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
