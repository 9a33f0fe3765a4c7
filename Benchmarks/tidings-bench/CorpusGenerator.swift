import Foundation

/// A deterministic generator of article files with known duplicates, for measuring speed
/// and dedup accuracy. The same seed gives the same corpus on every machine.
///
/// Originals are 100 to 2,000 words in one of several languages and scripts, as wire text
/// or JSON. Some share a "background" paragraph with other originals — different reports of
/// one event, which must stay distinct. Copies are exact (re-typed: other quotes, other
/// white space, other format), edited (a few words changed, footer dropped), wrapped (inside
/// another site's navigation and share lines) or truncated (cut to 60–95 %).
struct CorpusGenerator {
    enum Label: String, CaseIterable {
        case original, exact, edited, wrapped, truncated
    }

    struct File {
        let name: String
        let bytes: [UInt8]
        let label: Label
        /// For a copy, the index of the original it copies.
        let original: Int?
    }

    var rng: SplitMix64
    let originals: Int
    let copyShare: Double
    private let languages: [Language]
    private var backgrounds: [String] = []

    init(seed: UInt64, originals: Int, copyShare: Double) {
        rng = SplitMix64(seed: seed)
        self.originals = originals
        self.copyShare = copyShare
        languages = Language.all(rng: &rng)
    }

    /// All files in arrival order; every copy arrives after its original.
    mutating func generate() -> [File] {
        var ignored = 0
        backgrounds = (0..<max(10, originals / 20)).map { _ in paragraph(languages[0], sentences: 4, words: &ignored) }
        var files: [File] = []
        var bodies: [(title: String, body: [String], language: Int)] = []
        for index in 0..<originals {
            let language = rng.weighted([6, 1, 1, 1, 1, 1])
            let words = 100 + Int(Double(1900) * pow(rng.unit(), 2))
            var body: [String] = []
            var count = 0
            while count < words {
                let sentences = 1 + rng.below(5)
                body.append(paragraph(languages[language], sentences: sentences, words: &count))
            }
            if language == 0 && rng.unit() < 0.3 {
                body.insert(backgrounds[rng.below(backgrounds.count)], at: min(body.count, 1 + rng.below(3)))
            }
            let title = sentence(languages[language], words: 6 + rng.below(7), period: false)
            bodies.append((title, body, language))
            files.append(File(name: String(format: "o%06d", index), bytes: render(title, body, json: rng.unit() < 0.2), label: .original, original: nil))
        }
        let copies = Int(Double(originals) * copyShare)
        var arrivals = files.enumerated().map { ($0.element, Double($0.offset)) }
        for copyIndex in 0..<copies {
            let source = rng.below(originals)
            let (title, body, language) = bodies[source]
            let label = [Label.exact, .edited, .wrapped, .truncated][copyIndex % 4]
            let copy: [UInt8]
            switch label {
            case .exact: copy = render(title, body.map(retyped), json: rng.unit() < 0.5)
            case .edited: copy = render(title, edited(body, language: language), json: false)
            case .wrapped: copy = wrapped(title, body)
            case .truncated: copy = render(title, truncated(body), json: false)
            case .original: continue
            }
            let at = Double(source) + 1 + rng.unit() * Double(originals - source)
            arrivals.append((File(name: String(format: "c%06d", copyIndex), bytes: copy, label: label, original: source), at))
        }
        return arrivals.sorted { $0.1 < $1.1 }.map(\.0)
    }

    // MARK: Text

    /// A paragraph of `sentences` sentences; adds the number of words it has to `words`.
    private mutating func paragraph(_ language: Language, sentences: Int, words: inout Int) -> String {
        (0..<sentences).map { _ in
            let length = 8 + rng.below(18)
            words += length
            return sentence(language, words: length, period: true)
        }.joined(separator: language.sentenceSeparator)
    }

    private mutating func sentence(_ language: Language, words: Int, period: Bool) -> String {
        var out = (0..<words).map { _ in language.words[rng.zipf(language.words.count)] }.joined(separator: language.wordSeparator)
        if let first = out.first, language.capitalises { out = first.uppercased() + out.dropFirst() }
        return period ? out + language.period : out
    }

    private func render(_ title: String, _ body: [String], json: Bool) -> [UInt8] {
        if json {
            let object: [String: Any] = ["title": title, "body": body.joined(separator: "\n\n"), "source": "Bench Wire"]
            return Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
        }
        return Array((title + "\n\nGENEVA (BW) - " + body.joined(separator: "\n\n") + "\n\nBack to top button\n").utf8)
    }

    /// The same text as typed by someone else: curly quotes, doubled spaces, other case.
    private func retyped(_ paragraph: String) -> String {
        paragraph.replacingOccurrences(of: ". ", with: ".  ").replacingOccurrences(of: "'", with: "’")
    }

    private mutating func edited(_ body: [String], language: Int) -> [String] {
        var words = body.map { $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
        let total = words.reduce(0) { $0 + $1.count }
        for _ in 0..<max(2, total / 100) {
            let p = rng.below(words.count)
            guard !words[p].isEmpty else { continue }
            words[p][rng.below(words[p].count)] = languages[language].words[rng.below(languages[language].words.count)]
        }
        return words.map { $0.joined(separator: " ") }
    }

    private mutating func truncated(_ body: [String]) -> [String] {
        let text = body.joined(separator: "\n\n")
        let cut = Int(Double(text.count) * (0.6 + 0.35 * rng.unit()))
        return String(text.prefix(cut)).components(separatedBy: "\n\n")
    }

    private mutating func wrapped(_ title: String, _ body: [String]) -> [UInt8] {
        let chrome = languages[0]
        let before = (0..<(1 + rng.below(3))).map { _ in "Latest: " + sentence(chrome, words: 8 + rng.below(6), period: false) }
        let after = (0..<(2 + rng.below(4))).map { _ in "Most read: " + sentence(chrome, words: 10 + rng.below(10), period: true) }
        let page = ["Home | World | Europe", "Share on Facebook", "Tweet", "Email"] + before + [title, "GENEVA (BW) - " + body.joined(separator: "\n\n")]
            + ["Share this article"] + after + ["© 2024 Other Site. All rights reserved."]
        return Array(page.joined(separator: "\n\n").utf8)
    }
}

/// Words of one language or script, for generated text.
struct Language {
    let words: [String]
    var wordSeparator = " "
    var sentenceSeparator = " "
    var period = "."
    var capitalises = true

    static func all(rng: inout SplitMix64) -> [Language] {
        func vocabulary(_ syllables: [String], count: Int, rng: inout SplitMix64) -> [String] {
            var seen = Set<String>()
            var words: [String] = []
            while words.count < count {
                let word = (0..<(1 + rng.below(3))).map { _ in syllables[rng.below(syllables.count)] }.joined()
                if seen.insert(word).inserted { words.append(word) }
            }
            return words
        }
        let latin = ["ka", "ri", "to", "men", "sa", "lo", "ver", "an", "de", "pol", "is", "tra", "ne", "gor", "u", "lin", "os", "che", "bar", "ti"]
        let accented = ["é", "lè", "ça", "mü", "ñor", "già", "ström", "bå", "ôt", "für", "dé", "qué", "ña", "zö", "sì", "grü"]
        let cyrillic = ["пра", "вит", "ель", "ство", "ми", "ни", "стр", "ов", "ра", "за", "яв", "ле", "ние", "по", "до", "ку"]
        let greek = ["κυ", "βέρ", "νη", "ση", "υπ", "ου", "ργ", "ός", "τα", "λέ", "ξη", "μα", "πο", "λι", "τι", "κή"]
        let arabic = ["وز", "ير", "حك", "ومة", "قال", "إن", "الم", "فا", "وض", "ات", "سل", "ام", "جد", "يد", "رئ", "يس"]
        let han = (0..<3000).map { String(UnicodeScalar(0x4E00 + ($0 * 7) % 20000)!) }
        return [
            Language(words: vocabulary(latin, count: 6000, rng: &rng)),
            Language(words: vocabulary(latin + accented, count: 4000, rng: &rng)),
            Language(words: vocabulary(cyrillic, count: 4000, rng: &rng)),
            Language(words: vocabulary(greek, count: 4000, rng: &rng)),
            Language(words: vocabulary(arabic, count: 4000, rng: &rng), capitalises: false),
            Language(words: han, wordSeparator: "", sentenceSeparator: "", period: "。", capitalises: false),
        ]
    }
}

/// SplitMix64: small, fast, and the same sequence everywhere.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    /// Rank in 0..<count with probability roughly 1/rank (Zipf's law for word frequencies).
    mutating func zipf(_ count: Int) -> Int { min(count - 1, Int(exp(unit() * log(Double(count)))) - 1) }
    mutating func weighted(_ weights: [Int]) -> Int {
        var pick = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if pick < weight { return index }
            pick -= weight
        }
        return weights.count - 1
    }
}
