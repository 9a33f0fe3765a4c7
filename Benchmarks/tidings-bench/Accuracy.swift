import Foundation
import TidingsCore

/// Dedup accuracy against the generator's labels.
struct Accuracy {
    let files: [CorpusGenerator.File]
    let outcomes: [String: IngestOutcome]

    struct Summary {
        var nearRecall = 0.0, nearPrecision = 0.0, exactRecall = 0.0, wronglyFlaggedShare = 0.0
    }

    /// Prints the confusion matrix and the rates, and returns the rates.
    @discardableResult
    func report(printsMatrix: Bool = true) -> Summary {
        // The article each original became (its own id, or the one it was wrongly merged into).
        var articleOfOriginal: [Int: Int64] = [:]
        var originalIndex = 0
        for file in files where file.label == .original {
            let outcome = outcomes[file.name]
            articleOfOriginal[Int(file.name.dropFirst())!] = outcome?.articleID ?? outcome?.duplicateOf
            originalIndex += 1
        }
        var matrix: [CorpusGenerator.Label: [IngestOutcome.Kind: Int]] = [:]
        var rightTarget: [CorpusGenerator.Label: Int] = [:]
        var flaggedNear = 0, flaggedNearCorrectly = 0
        for file in files {
            guard let outcome = outcomes[file.name] else { continue }
            matrix[file.label, default: [:]][outcome.kind, default: 0] += 1
            if outcome.kind == .nearDuplicate { flaggedNear += 1 }
            guard let original = file.original, let expected = articleOfOriginal[original] else { continue }
            let target = outcome.duplicateOf
            let isNear = [.edited, .wrapped, .truncated].contains(file.label)
            if (isNear && outcome.kind == .nearDuplicate) || (file.label == .exact && outcome.kind == .duplicate), target == expected {
                rightTarget[file.label, default: 0] += 1
                if isNear { flaggedNearCorrectly += 1 }
            }
        }
        if printsMatrix {
            print("\nconfusion (rows: label, columns: outcome; 'right' = copy matched to its own original)")
            let kinds = IngestOutcome.Kind.allCases
            print("label".padded(10) + kinds.map { $0.rawValue.padded(16) }.joined() + "right")
            for label in CorpusGenerator.Label.allCases {
                let row = matrix[label] ?? [:]
                print(label.rawValue.padded(10) + kinds.map { String(row[$0] ?? 0).padded(16) }.joined() + (label == .original ? "-" : String(rightTarget[label] ?? 0)))
            }
        }
        let nearLabelled = [CorpusGenerator.Label.edited, .wrapped, .truncated].reduce(0) { $0 + (matrix[$1]?.values.reduce(0, +) ?? 0) }
        let originals = matrix[.original]?.values.reduce(0, +) ?? 0
        let wronglyFlagged = originals - (matrix[.original]?[.new] ?? 0)
        print(String(format: "near-duplicate recall %.4f (%d/%d), precision %.4f (%d/%d)",
                     ratio(flaggedNearCorrectly, nearLabelled), flaggedNearCorrectly, nearLabelled,
                     ratio(flaggedNearCorrectly, flaggedNear), flaggedNearCorrectly, flaggedNear))
        let exact = matrix[.exact]?.values.reduce(0, +) ?? 0
        print(String(format: "exact-duplicate recall %.4f (%d/%d)", ratio(rightTarget[.exact] ?? 0, exact), rightTarget[.exact] ?? 0, exact))
        print(String(format: "distinct articles wrongly flagged: %d of %d (%.3f %%)", wronglyFlagged, originals, 100 * ratio(wronglyFlagged, originals)))
        return Summary(
            nearRecall: ratio(flaggedNearCorrectly, nearLabelled), nearPrecision: ratio(flaggedNearCorrectly, flaggedNear),
            exactRecall: ratio(rightTarget[.exact] ?? 0, exact), wronglyFlaggedShare: ratio(wronglyFlagged, originals))
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
