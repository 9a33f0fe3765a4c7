/// Pages built at random from fragments that stress a parser in different ways — nesting,
/// attributes, entities, repeated and near-repeated paragraphs, long words, scripts, tables,
/// mixed scripts — so the hostile benchmark tries shapes nobody wrote down. The same seed
/// gives the same page, and a page twice the size has the same mix.
enum AdversarialPage {
    static func make(seed: UInt64, bytes: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        // The mix is chosen once per seed, so that every size repeats the same shape.
        let fragments = (0..<12).map { _ in fragment(&random) }
        var out = Array("<!DOCTYPE html><html><head><title>Generated</title></head><body>".utf8)
        var index = 0
        while out.count < bytes {
            out += fragments[index % fragments.count]
            index += 1
        }
        return out
    }

    private static func fragment(_ random: inout SplitMix64) -> [UInt8] {
        let words = ["lorem", "ipsum", "état", "мост", "東京", "word", "the", "a"]
        func sentence(_ count: Int) -> String { (0..<count).map { _ in words[random.below(words.count)] }.joined(separator: " ") }
        let text: String
        switch random.below(9) {
        case 0: text = String(repeating: "<div class=\"c\(random.below(9))\">", count: 40 + random.below(200)) + sentence(20)
        case 1: text = "<span " + (0..<(1 + random.below(900))).map { "d\($0)=\"v\"" }.joined(separator: " ") + ">" + sentence(10) + "</span>"
        case 2: text = "<p>" + String(repeating: "&amp;&#233;&eacute;&bogus;", count: 50 + random.below(500)) + "</p>"
        case 3:
            let base = sentence(50 + random.below(400))
            text = (0..<(2 + random.below(8))).map { _ in "<p>\(base) \(sentence(random.below(3)))</p>" }.joined()
        case 4: text = "<p>" + String(repeating: words[random.below(words.count)], count: 1_000 + random.below(20_000)) + "</p>"
        case 5: text = "<script>" + String(repeating: "if(a<b){c='</'+'div>'}", count: 100 + random.below(1_000)) + "</script>"
        case 6: text = String(repeating: "<table><tr><td>", count: 20 + random.below(100)) + sentence(30)
        case 7: text = String(repeating: "<b><i><u>", count: 50 + random.below(500)) + sentence(40) + String(repeating: "<br>", count: random.below(300))
        default: text = "<p>" + sentence(20 + random.below(200)) + ".</p>\n"
        }
        return Array(text.utf8)
    }
}
