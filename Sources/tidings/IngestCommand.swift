import ArgumentParser
import Foundation
import Logging
import LinuxSystem
import SystemPackage
import TidingsCore
import TidingsDaemon
import TidingsStore

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Parse, deduplicate and store files, once each, through the daemon's pipeline.",
        discussion: """
            Prints one outcome per file, in order, once it is durably committed:
              new 12 FILE · near-duplicate 13 of 12 (0.94) FILE · duplicate of 12 FILE · rejected FILE: REASON
            Input files are never modified. Exits 0, or 3 when some files were rejected.
            A path that does not exist, or a directory without --recursive, is a usage error \
            (exit 2) and nothing is ingested. On a terminal, a progress line on standard \
            error shows the rate and the time left.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "One JSON object per file: file, outcome, id, of, similarity, reason.")
    var json = false

    @Option(help: ArgumentHelp(
        "Also ingest the files listed in this file, one path per line ('-' for standard input): for more files than a command line holds.",
        valueName: "list"))
    var filesFrom: String?

    @Flag(help: "Follow symbolic links named as files (by default a link is rejected, not followed).")
    var followSymlinks = false

    @Flag(name: .shortAndLong, help: "Ingest the files under each directory named, in name order (links to directories are not followed).")
    var recursive = false

    @Flag(name: .shortAndLong, help: "Print no outcome lines, progress or summary; errors and the exit status still tell.")
    var quiet = false

    @Argument(help: ArgumentHelp("The files to ingest.", valueName: "file"))
    var files: [String] = []

    func run() async throws {
        let files = try InputFiles.expand(files + listedFiles(), recursive: recursive)
        let (store, settings) = try await options.open(.readWrite)
        var counts: [IngestOutcome.Kind: Int] = [:]
        var progress = quiet ? nil : ProgressLine(total: files.count)
        var done = 0
        let parsing = ParseWorkerPool(logger: Logger(label: "tidings"))
        defer { parsing.shutDown() }
        let searchFailure = try await BlockingThreads.run { threads in
            let pipeline = IngestPipeline(
                settings: settings, mode: .commandLine(followingSymbolicLinks: followSymlinks), threads: threads, parsing: parsing)
            return try await pipeline.ingest(paths: files, into: store) { outcome, _ in
                progress?.willPrint()
                for article in outcome.articles {
                    counts[article.kind, default: 0] += 1
                    if !quiet { print(json ? Presentation.json(article).rendered : Presentation.line(article)) }
                }
                done += 1
                progress?.update(done: done)
            }
        }
        progress?.finish()
        let summary = IngestOutcome.Kind.allCases.filter { counts[$0] != nil || [.new, .duplicate, .nearDuplicate, .rejected].contains($0) }
            .map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        if !quiet { printError("\(files.count) file\(files.count == 1 ? "" : "s"): \(summary) (store: \(store.path))") }
        if let searchFailure {
            // The articles are stored; only search lags. Not an error of the ingest.
            printError("note: some stored articles are not searchable yet: \(searchFailure); `tidings ingest --store \(store.path)` with no files, or the daemon, indexes them")
        }
        if counts[.rejected, default: 0] > 0 { throw ExitCode(ExitStatus.someRejected) }
    }

    /// The paths in `--files-from`, without empty lines.
    private func listedFiles() throws -> [String] {
        guard let filesFrom else { return [] }
        let bytes: [UInt8]
        do { bytes = try FileSystem.contents(of: filesFrom == "-" ? "/dev/stdin" : filesFrom) } catch {
            throw UsageError("cannot read the list of files \(filesFrom): \(error.errno.description.lowercased())")
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
