import Foundation
import Testing
import TidingsTesting
@testable import TidingsCore

/// An in-memory store of bodies: the seam the SQLite store fills in production.
final class InMemoryCandidates: CandidateSource {
    var bodies: [Int64: (canonical: Int64, fingerprint: Fingerprint)] = [:]
    var shingleLookups = 0

    func add(_ id: Int64, _ body: String, canonical: Int64? = nil) {
        bodies[id] = (canonical ?? id, Fingerprint(body: body))
    }

    func article(withBodySHA256 hash: String) throws -> Int64? {
        bodies.first { $0.value.fingerprint.bodySHA256 == hash }?.key
    }

    func sharedSampleCounts(_ samples: [UInt64], perSampleLimit: Int) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for (id, stored) in bodies {
            let shared = Set(stored.fingerprint.shingles.indexSample).intersection(samples).count
            if shared > 0 { counts[id] = shared }
        }
        return counts
    }

    func indexedSample(ofArticle id: Int64) throws -> (count: Int, modulus: UInt64) {
        let shingles = bodies[id]!.fingerprint.shingles
        return (shingles.indexSample.count, shingles.indexModulus)
    }

    func storedShingles(ofArticle id: Int64) throws -> (canonicalID: Int64, shingles: ShingleSet) {
        shingleLookups += 1
        return (bodies[id]!.canonical, bodies[id]!.fingerprint.shingles)
    }
}

@Suite struct DeduplicatorTests {
    let deduplicator = Deduplicator()

    func body(_ prefix: String) throws -> String { try ArticleParser().parse(Fixtures.seedBytes(prefix)).body }

    func storeOfSeeds() throws -> InMemoryCandidates {
        let store = InMemoryCandidates()
        for (index, prefix) in ["000", "001", "002", "003", "004"].enumerated() { store.add(Int64(index + 1), try body(prefix)) }
        return store
    }

    @Test func anEmptyStoreMakesEverythingNew() throws {
        #expect(try deduplicator.classify(Fingerprint(body: try body("001")), in: InMemoryCandidates()) == .new)
    }

    @Test func allFiveSeedsAreDistinct() throws {
        let store = InMemoryCandidates()
        for (index, prefix) in ["000", "001", "002", "003", "004"].enumerated() {
            #expect(try deduplicator.classify(Fingerprint(body: try body(prefix)), in: store) == .new, "seed \(prefix)")
            store.add(Int64(index + 1), try body(prefix))
        }
    }

    @Test func seeds000And003ShareAParagraphButAreDifferentArticles() throws {
        let similarity = Similarity(ShingleSet(body: try body("000")), ShingleSet(body: try body("003")))
        #expect(similarity.containment > 0.1)
        #expect(deduplicator.thresholds.nearDuplicateScore(similarity) == nil)
    }

    @Test func sameNormalisedBodyIsAnExactDuplicate() throws {
        let store = try storeOfSeeds()
        let retyped = try body("001").replacingOccurrences(of: "’", with: "'").uppercased()
        #expect(try deduplicator.classify(Fingerprint(body: retyped), in: store) == .duplicate(of: 2))
    }

    @Test(arguments: ["edited", "wrapped", "truncated"])
    func copiesOfASeedAreNearDuplicates(kind: String) throws {
        let store = try storeOfSeeds()
        let original = Fixtures.seedText("001")
        let copy = switch kind {
        case "edited": CopyVariants.edited(original)
        case "wrapped": CopyVariants.wrapped(original)
        default: CopyVariants.truncated(original)
        }
        let verdict = try deduplicator.classify(Fingerprint(body: try ArticleParser().parse(Array(copy.utf8)).body), in: store)
        guard case .nearDuplicate(let of, let similarity) = verdict else {
            Issue.record("\(kind) copy: \(verdict)")
            return
        }
        #expect(of == 2)
        #expect(similarity >= deduplicator.thresholds.resemblance && similarity <= 1)
    }

    @Test func aVariantPointsAtItsCanonicalArticle() throws {
        let store = try storeOfSeeds()
        store.add(6, CopyVariants.truncated(try body("001"), to: 0.9), canonical: 2)
        store.bodies[2] = nil
        let verdict = try deduplicator.classify(Fingerprint(body: CopyVariants.truncated(try body("001"), to: 0.85)), in: store)
        guard case .nearDuplicate(of: 2, _) = verdict else {
            Issue.record("expected a near-duplicate of the canonical article 2, got \(verdict)")
            return
        }
    }

    @Test func onlyTheBestCandidatesAreVerified() throws {
        let store = InMemoryCandidates()
        let shared = (0..<200).map { "w\($0)" }.joined(separator: " ")
        for id in 1...50 { store.add(Int64(id), shared + " " + (0..<400).map { "x\(id)_\($0)" }.joined(separator: " ")) }
        _ = try Deduplicator(maxVerified: 3).classify(Fingerprint(body: shared), in: store)
        #expect(store.shingleLookups == 3)
    }

    @Test func shortQuoteInsideALongArticleIsNotACopy() throws {
        let long = (0..<600).map { "w\($0)" }.joined(separator: " ")
        let store = InMemoryCandidates()
        store.add(1, long)
        let quote = (100..<130).map { "w\($0)" }.joined(separator: " ")
        #expect(try deduplicator.classify(Fingerprint(body: quote), in: store) == .new)
    }
}
