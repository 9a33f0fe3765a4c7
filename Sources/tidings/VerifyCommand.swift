import TidingsCore
import ArgumentParser
import TidingsStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the store: SQLite's integrity check and the store's own invariants.",
        discussion: "Exits 0 when every check passes, 4 when any check fails (the store is damaged or inconsistent).")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print one JSON object: passed, checks (name, passed, problems).")
    var json = false

    func run() async throws {
        let (store, _) = try await options.open(.readOnly)
        let report = try store.verify()
        if json {
            print(JSONValue.object([
                ("passed", .bool(report.passed)),
                ("checks", .array(report.checks.map { check in
                    .object([("name", .string(check.name)), ("passed", .bool(check.passed)), ("problems", .array(check.problems.map(JSONValue.string)))])
                })),
            ]).rendered)
        } else {
            for check in report.checks {
                print("\(check.passed ? "ok  " : "FAIL") \(check.name)")
                for problem in check.problems { print("     \(problem)") }
            }
            print(report.passed ? "\(store.path): all \(report.checks.count) checks passed" : "\(store.path): some checks failed")
        }
        if !report.passed { throw ExitCode(ExitStatus.damagedStore) }
    }
}
