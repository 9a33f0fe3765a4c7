import Foundation
import Testing
import TidingsFuzzTargets
import TidingsTesting

/// Every fuzz target over its checked-in corpus and over every input that once broke it
/// (`Fuzz/regressions/TARGET/`), so a fixed crash stays fixed without running libFuzzer.
@Suite struct FuzzCorpusTests {
    @Test(arguments: FuzzTarget.all.map(\.name))
    func corpusAndRegressionsKeepEveryInvariant(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        var inputs = 0
        // The html target also starts from the HTML fixture pages, as scripts/fuzz does.
        let fixtures = name == "html" ? ["Tests/fixtures/html"] : []
        for folder in ["Fuzz/corpus/\(name)", "Fuzz/regressions/\(name)"] + fixtures {
            let directory = Fixtures.root.appendingPathComponent(folder)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files.sorted() where !file.hasPrefix(".") && (!fixtures.contains(folder) || file.hasSuffix(".html")) {
                let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
                #expect(throws: Never.self, "\(folder)/\(file)") { try target.run(bytes) }
                inputs += 1
            }
        }
        #expect(inputs > 0, "no corpus for \(name) in Fuzz/corpus/\(name)")
    }
}
