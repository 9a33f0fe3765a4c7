import ArgumentParser
import Foundation
import TidingsDaemon

/// `tidings parse-worker`: the process the daemon parses files in (see ParseWorkerPool).
/// Not for people: it reads framed requests on standard input and answers on standard output.
struct ParseWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-worker",
        abstract: "Parse files sent by the daemon (internal).",
        shouldDisplay: false)

    func run() throws {
        let status = ParseWorker.serve()
        if status != 0 { throw ExitCode(status) }
    }
}
