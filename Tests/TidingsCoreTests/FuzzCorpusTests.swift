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
        // Targets also start from fixtures, as scripts/fuzz does: the html target from the
        // HTML pages, the wire format targets from the format samples.
        let fixtures = ["html": ["Tests/fixtures/html"], "xml": ["Tests/fixtures/formats"], "anpa": ["Tests/fixtures/formats"],
                        "email": ["Tests/fixtures/formats"]][name] ?? []
        for folder in ["Fuzz/corpus/\(name)", "Fuzz/regressions/\(name)"] + fixtures {
            let directory = Fixtures.root.appendingPathComponent(folder)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files.sorted() where !file.hasPrefix(".") && (!fixtures.contains(folder) || !file.hasSuffix(".py")) {
                let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
                #expect(throws: Never.self, "\(folder)/\(file)") { try target.run(bytes) }
                inputs += 1
            }
        }
        #expect(inputs > 0, "no corpus for \(name) in Fuzz/corpus/\(name)")
    }
}
