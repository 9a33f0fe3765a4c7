/// One attempt at finding the article in a page by content scoring, the method of Arc90's
/// Readability as Mozilla's reader view refined it (the technique; this is our own code):
///
/// 1. Walk the page once: drop what is hidden, a byline (kept aside), the heading that
///    repeats the title, and — in the strictest attempt — blocks whose `class`/`id` say
///    they are not the article (``HTMLNamePatterns``). A `div` holding only a paragraph's
///    text becomes a `p`; loose text in a `div` is gathered into `p`s.
/// 2. Every paragraph-like block of 25 characters or more scores its ancestors up to five
///    levels (the parent fully, the grandparent half, then less): more text, more commas,
///    more score. Each ancestor starts from a score by its tag and (but in the loosest
///    attempts) its names, and ends scaled by its link density.
/// 3. The best candidate grows to a common ancestor when three strong candidates share
///    one, climbs while its parent scores higher, and takes the siblings that score well
///    or read as prose.
/// 4. The result is cleaned (``HTMLArticleCleaner``).
///
/// Each attempt works on its own copy of the page, which it changes.
struct HTMLArticleGrabber {
    struct Flags: OptionSet, Sendable {
        let rawValue: Int
        /// Drop blocks whose names say they are not the article.
        static let stripUnlikely = Flags(rawValue: 1)
        /// Let `class` and `id` add to or take from scores.
        static let weightClasses = Flags(rawValue: 2)
        /// Drop lists, tables and `div`s that look like furniture from the result.
        static let cleanConditionally = Flags(rawValue: 4)
        static let all: Flags = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    struct Result {
        /// A `div` holding the article's blocks.
        let content: HTMLElement
        /// The counts of `content` and all below it.
        let counts: HTMLTreeStats
        var textLength: Int { counts[content].characters }
        /// The text of the element found to be the byline, if one was.
        let byline: String?
    }

    let flags: Flags
    /// The page's title: a heading that repeats it is not part of the article.
    let title: String?

    // Arrays rather than sets: a few short names compared in turn cost less than hashing
    // one, and these are asked of every element of every attempt (measured, ~3 %).
    static let scoredNames: [String] = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"]
    static let blockNames: [String] = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]
    static let phrasingNames: [String] = [
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img",
        "input", "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp",
        "script", "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
    ]
    /// Inline content: a phrasing element, or a link, `del` or `ins` holding only phrasing.
    static func isPhrasing(_ element: HTMLElement) -> Bool {
        if phrasingNames.contains(element.name) { return true }
        guard ["a", "del", "ins"].contains(element.name) else { return false }
        return element.childElements.allSatisfy(isPhrasing)
    }

    static let unlikelyRoles: Set<String> = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]

    /// Runs the attempt on `document` (a copy it may change).
    func grab(_ document: HTMLElement) -> Result? {
        var walk = HTMLArticleWalk(flags: flags, title: title)
        walk.run(document)
        let stats = HTMLTreeStats(document)
        var scores: [ObjectIdentifier: (element: HTMLElement, score: Double)] = [:]
        for element in walk.scored where element.parent != nil {
            let counts = stats[element]
            guard counts.characters >= 25 else { continue }
            let score = 1 + Double(counts.commas) + Double(min(counts.characters / 100, 3))
            var ancestor = element.parent
            for level in 0..<5 {
                // The document and its root element are never the article.
                guard let container = ancestor, let above = container.parent, above.name != "#document" else { break }
                let id = ObjectIdentifier(container)
                if scores[id] == nil { scores[id] = (container, initialScore(container)) }
                scores[id]!.score += score / Double(level == 0 ? 1 : level == 1 ? 2 : level * 3)
                ancestor = above
            }
        }
        for (id, candidate) in scores { scores[id]!.score = candidate.score * (1 - min(1, stats[candidate.element].linkDensity)) }
        let top = topCandidate(scores: &scores, document: document, stats: stats)
        let content = HTMLElement(name: "div")
        content.setChildren(siblings(of: top, scores: scores, stats: stats).map { .element($0) })
        let counts = HTMLArticleCleaner(flags: flags).clean(content)
        return Result(content: content, counts: counts, byline: walk.byline)
    }

    private func initialScore(_ element: HTMLElement) -> Double {
        var score: Double
        switch element.name {
        case "div": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: score = 0
        }
        return score + (flags.contains(.weightClasses) ? HTMLNamePatterns.weight(of: element) : 0)
    }

    private func topCandidate(
        scores: inout [ObjectIdentifier: (element: HTMLElement, score: Double)], document: HTMLElement, stats: HTMLTreeStats
    ) -> HTMLElement {
        let ranked = scores.values.sorted { $0.score > $1.score }.prefix(5)
        let body = document.descendants.first { $0.name == "body" } ?? document
        guard var top = ranked.first?.element, top.name != "body" else {
            // Nothing scored: the whole body is the candidate.
            let wrapper = HTMLElement(name: "div")
            wrapper.setChildren(body.children)
            body.setChildren([.element(wrapper)])
            scores[ObjectIdentifier(wrapper)] = (wrapper, initialScore(wrapper))
            return wrapper
        }
        func score(_ element: HTMLElement) -> Double? { scores[ObjectIdentifier(element)]?.score }
        // Three strong candidates with a common ancestor: the story is split in blocks.
        let topScore = ranked.first!.score
        let alternatives = ranked.dropFirst().filter { topScore > 0 && $0.score / topScore >= 0.75 }.map { Self.ancestors(of: $0.element) }
        if alternatives.count >= 3, var parent = top.parent {
            while parent !== body, let above = parent.parent {
                if alternatives.filter({ $0.contains { $0 === parent } }).count >= 3 {
                    top = parent
                    break
                }
                parent = above
            }
        }
        if score(top) == nil { scores[ObjectIdentifier(top)] = (top, initialScore(top)) }
        // Climb while the parent scores higher: a parent holding more of the story wins.
        var lastScore = score(top)!
        let threshold = lastScore / 3
        var parent = top.parent
        while let current = parent, current !== body, current.name != "#document" {
            guard let parentScore = score(current) else {
                parent = current.parent
                continue
            }
            if parentScore < threshold { break }
            if parentScore > lastScore {
                top = current
                break
            }
            lastScore = parentScore
            parent = current.parent
        }
        // An only child stands for its parent.
        while let current = top.parent, current !== body, current.name != "#document", current.childElements.count == 1 { top = current }
        if score(top) == nil { scores[ObjectIdentifier(top)] = (top, initialScore(top)) }
        return top
    }

    /// The top candidate and the siblings that belong with it, in document order.
    private func siblings(of top: HTMLElement, scores: [ObjectIdentifier: (element: HTMLElement, score: Double)], stats: HTMLTreeStats) -> [HTMLElement] {
        guard let parent = top.parent else { return [top] }
        let topScore = scores[ObjectIdentifier(top)]?.score ?? 0
        let threshold = max(10, topScore * 0.2)
        let topClass = top["class"] ?? ""
        return parent.childElements.compactMap { sibling in
            var append = sibling === top
            if !append {
                let bonus = !topClass.isEmpty && sibling["class"] == topClass ? topScore * 0.2 : 0
                if let score = scores[ObjectIdentifier(sibling)]?.score, score + bonus >= threshold {
                    append = true
                } else if sibling.name == "p" {
                    let counts = stats[sibling]
                    let density = counts.linkDensity
                    if counts.characters > 80 && density < 0.25 {
                        append = true
                    } else if counts.characters < 80 && counts.characters > 0 && density == 0 && Self.endsASentence(collapseWhiteSpace(sibling.text)) {
                        append = true
                    }
                }
            }
            guard append else { return nil }
            if !["div", "article", "section", "p"].contains(sibling.name) { sibling.name = "div" }
            return sibling
        }
    }

    /// Whether a short text holds a full stop followed by a space or the end.
    static func endsASentence(_ text: String) -> Bool {
        text.hasSuffix(".") || text.contains(". ")
    }

    static func ancestors(of element: HTMLElement) -> [HTMLElement] {
        var found: [HTMLElement] = []
        var current = element.parent
        while let ancestor = current {
            found.append(ancestor)
            current = ancestor.parent
        }
        return found
    }
}
