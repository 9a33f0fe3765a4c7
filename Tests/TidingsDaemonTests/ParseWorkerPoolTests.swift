import Foundation
import Logging
import Testing
import TidingsCore
import TidingsTesting
@testable import TidingsDaemon

/// Parsing in worker processes (the built `tidings parse-worker`), with the test hooks that
/// make a worker crash, spin or take memory on a marked file.
@Suite struct ParseWorkerPoolTests {
    let budget = ParseBudget(cpu: .seconds(1), memoryBytes: 200 << 20)

    func pool(hooks: Bool = false) -> ParseWorkerPool {
        ParseWorkerPool(executable: BuiltBinaries.tidings.path, logger: Logger(label: "test"), testHooks: hooks)
    }

    @Test func aWorkerParsesAsTheParserDoesInProcess() throws {
        let pool = pool()
        defer { pool.shutDown() }
        // The seeds, and a web page: its article carries how its body was found.
        let page = Fixtures.root.appendingPathComponent("Tests/fixtures/html/kommersant-zerno-koi8.html")
        for file in Fixtures.seeds + [page] {
            let bytes = Array(try Data(contentsOf: file))
            let isolated = pool.parse(bytes, name: file.lastPathComponent, limits: ParserLimits(), budget: budget)
            let inline = InlineParsing().parse(bytes, name: file.lastPathComponent, limits: ParserLimits(), budget: budget)
            #expect(isolated == inline, "\(file.lastPathComponent)")
            if file == page, case .article(let article, _) = isolated.contents[0] { #expect(article.extraction == "content-scoring") }
        }
        let rejected = pool.parse([0x41, 0x00], name: "bad.bin", limits: ParserLimits(), budget: budget)
        #expect(rejected == .rejected(Rejection(.notText, "not text (NUL byte at offset 1)")))
    }

    @Test func aCrashingParserRejectsItsFileAndTheNextWorkerGoesOn() {
        let pool = pool(hooks: true)
        defer { pool.shutDown() }
        let crashed = pool.parse(Array("TIDINGS-TEST-CRASH\n\nx".utf8), name: "crash.txt", limits: ParserLimits(), budget: budget)
        guard let rejection = crashed.rejection else { Issue.record("\(crashed)"); return }
        #expect(rejection.code == .parserCrashed)
        #expect(rejection.message.hasPrefix("the parser crashed (signal"))
        #expect(pool.parse(Fixtures.seedBytes("001"), name: "001.txt", limits: ParserLimits(), budget: budget).isArticle)
    }

    @Test func aParserThatSpinsIsStoppedAtItsCPUBudget() {
        let pool = pool(hooks: true)
        defer { pool.shutDown() }
        let spun = pool.parse(Array("TIDINGS-TEST-SPIN\n\nx".utf8), name: "spin.txt", limits: ParserLimits(), budget: budget)
        guard let rejection = spun.rejection else { Issue.record("\(spun)"); return }
        #expect(rejection.code == .tooComplex)
        #expect(rejection.message.contains("s of CPU time (the budget is 1 s, parser.max_cpu_seconds)"), "\(rejection.message)")
        #expect(pool.parse(Fixtures.seedBytes("001"), name: "001.txt", limits: ParserLimits(), budget: budget).isArticle)
    }

    @Test func aParserThatWaitsWithoutEndIsStoppedAtItsWallLimit() {
        let pool = pool(hooks: true)
        defer { pool.shutDown() }
        let patient = ParseBudget(cpu: .milliseconds(100), memoryBytes: budget.memoryBytes, wallGrace: .milliseconds(500))
        let slept = pool.parse(Array("TIDINGS-TEST-SLEEP\n\nx".utf8), name: "sleep.txt", limits: ParserLimits(), budget: patient)
        guard let rejection = slept.rejection else { Issue.record("\(slept)"); return }
        #expect(rejection.code == .tooComplex)
        #expect(rejection.message.contains("no answer after"), "\(rejection.message)")
        #expect(pool.parse(Fixtures.seedBytes("001"), name: "001.txt", limits: ParserLimits(), budget: budget).isArticle)
    }

    @Test func aParserThatTakesAllMemoryIsStoppedAtItsMemoryBudget() {
        let pool = pool(hooks: true)
        defer { pool.shutDown() }
        let hog = pool.parse(Array("TIDINGS-TEST-HOG\n\nx".utf8), name: "hog.txt", limits: ParserLimits(), budget: budget)
        guard let rejection = hog.rejection else { Issue.record("\(hog)"); return }
        #expect(rejection.code == .tooComplex)
        #expect(rejection.message.contains("MiB of memory (the budget is 200 MiB, parser.max_memory_mib)"), "\(rejection.message)")
    }

    @Test func hooksDoNothingUnlessTurnedOn() {
        let pool = pool(hooks: false)
        defer { pool.shutDown() }
        #expect(pool.parse(Array("TIDINGS-TEST-CRASH\n\nA plain line of text.".utf8), name: "x.txt", limits: ParserLimits(), budget: budget).isArticle)
    }

    @Test func aMissingWorkerExecutableRejectsWithAReason() {
        let pool = ParseWorkerPool(executable: "/nonexistent/tidings", logger: Logger(label: "test"))
        guard let rejection = pool.parse(Fixtures.seedBytes("001"), name: "001.txt", limits: ParserLimits(), budget: budget).rejection else {
            Issue.record("parsed without a worker")
            return
        }
        #expect(rejection.message.contains("no parse worker could be started"))
    }
}

extension ParseResponse {
    var isArticle: Bool {
        if case .article = contents[0] { return true }
        return false
    }
}
