import Foundation
import TidingsCore

/// The similarity of every labelled pair: each copy against its original, and every pair
/// of distinct originals that share a background paragraph (the hardest negatives). The
/// thresholds must sit below the positives and above the negatives.
struct SimilaritySweep {
    let files: [CorpusGenerator.File]
    let thresholds: DedupThresholds

    func report() {
        let parser = ArticleParser()
        var shingles: [String: ShingleSet] = [:]
        for file in files {
            if let article = try? parser.parse(file.bytes) { shingles[file.name] = ShingleSet(body: article.body) }
        }
        let originals = files.filter { $0.label == .original }
        var positives: [CorpusGenerator.Label: [Similarity]] = [:]
        for file in files {
            guard let original = file.original, let copy = shingles[file.name],
                  let source = shingles[originals[original].name] else { continue }
            positives[file.label, default: []].append(Similarity(copy, source))
        }
        // Negatives: originals that share at least one sampled shingle (the ones the index
        // would offer as candidates).
        var bySample: [UInt64: [String]] = [:]
        for file in originals { for sample in shingles[file.name]?.lookupSample ?? [] { bySample[sample, default: []].append(file.name) } }
        var pairs = Set<[String]>()
        for names in bySample.values where names.count > 1 && names.count < 50 {
            for i in names.indices { for j in names.indices where i < j { pairs.insert([names[i], names[j]]) } }
        }
        let negatives = pairs.compactMap { pair -> Similarity? in
            guard let a = shingles[pair[0]], let b = shingles[pair[1]] else { return nil }
            return Similarity(a, b)
        }
        print("\nsimilarity of labelled pairs (resemblance R, containment C)")
        for label in [CorpusGenerator.Label.edited, .wrapped, .truncated] {
            let values = positives[label] ?? []
            print("\(label.rawValue.padded(10)) n=\(values.count)  R min \(f(values.map(\.resemblance).min()))  p1 \(f(percentile(values.map(\.resemblance), 0.01)))  median \(f(percentile(values.map(\.resemblance), 0.5)))  |  C min \(f(values.map(\.containment).min()))  p1 \(f(percentile(values.map(\.containment), 0.01)))  smallest set \(values.map(\.smallerCount).min() ?? 0)")
        }
        let eligible = negatives.filter { $0.smallerCount >= thresholds.minimumContainedShingles }
        print("distinct pairs sharing samples n=\(negatives.count)  R max \(f(negatives.map(\.resemblance).max()))  p99 \(f(percentile(negatives.map(\.resemblance), 0.99)))  |  C max (smaller ≥ \(thresholds.minimumContainedShingles) shingles) \(f(eligible.map(\.containment).max()))  p99 \(f(percentile(eligible.map(\.containment), 0.99)))")
        reportSeeds(parser)
        print("thresholds in force: resemblance ≥ \(thresholds.resemblance), or containment ≥ \(thresholds.containment) with ≥ \(thresholds.minimumContainedShingles) shingles")
    }

    /// The five seeds are all distinct; the closest pair (000 and 003 share a paragraph and
    /// a footer) shows how far below the thresholds real, related reports sit.
    private func reportSeeds(_ parser: ArticleParser) {
        let seeds = URL(fileURLWithPath: "seeds")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? []).sorted()
        let sets = names.compactMap { name -> (String, ShingleSet)? in
            guard let data = try? Data(contentsOf: seeds.appendingPathComponent(name)),
                  let article = try? parser.parse(Array(data)) else { return nil }
            return (String(name.prefix(3)), ShingleSet(body: article.body))
        }
        for i in sets.indices { for j in sets.indices where i < j {
            let similarity = Similarity(sets[i].1, sets[j].1)
            if similarity.containment > 0.05 {
                print("seeds \(sets[i].0) and \(sets[j].0): R \(f(similarity.resemblance))  C \(f(similarity.containment))")
            }
        } }
    }

    private func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    private func f(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
}
