/// Finds an article's text in a whole web page and returns its paragraphs.
///
/// The technique is content scoring, as in Arc90's Readability and its descendants:
/// 1. Elements that are never article text go first: scripts, forms, navigation, figures
///    and captions, hidden and overlaid elements, and blocks whose `class`, `id` or
///    component name says comments, share bars, related links, ads, cookie banners and the
///    like (``HTMLBoilerplateNames``).
/// 2. Every paragraph-like block with some text scores its container: more text and more
///    commas score higher. Its parent gets the whole score, the grandparent half, the
///    great-grandparent a third — so the element that holds the most prose wins, and a
///    story split into several `div`s is found through their common ancestor.
/// 3. A container's score is scaled down by its link density (the share of its text inside
///    links), so that navigation and link lists lose to prose, and up beside the main heading.
/// 4. The best container's paragraphs are read in order; siblings that score well or are
///    prose paragraphs themselves join it. Blocks that are mostly links are dropped.
struct HTMLContentExtractor {
    /// The best container and the paragraphs read from it; empty when the page has no prose.
    func paragraphs(of root: HTMLElement) -> [String] {
        var scores: [ObjectIdentifier: Double] = [:]
        var containers: [ObjectIdentifier: HTMLElement] = [:]
        let elements = [root] + root.descendants
        let isKept = keptElements(of: elements)
        let stats = HTMLTextStats(elements, including: isKept, isParagraphLike: Self.scoresItsContainer)

        for element in elements.dropFirst() where isKept(element) && Self.scoresItsContainer(element) {
            let counts = stats[element]
            guard counts.characters >= 25 else { continue }
            let score = 1 + Double(counts.commas) + min(Double(counts.characters) / 100, 3)
            var ancestor = element.parent
            for level in 0..<3 {
                guard let container = ancestor, container !== root else { break }
                let id = ObjectIdentifier(container)
                if containers[id] == nil {
                    containers[id] = container
                    scores[id] = Self.initialScore(container)
                }
                scores[id, default: 0] += score / Double(level == 0 ? 1 : level == 1 ? 2 : level * 3)
                ancestor = container.parent
            }
        }
        guard !scores.isEmpty else { return [] }
        // Containers next to the main heading are where stories start: they weigh more.
        let headingScope = root.mainHeading?.parent
        var ranked = scores.sorted { $0.value > $1.value }.prefix(Self.candidatesWeighed).map { id, score in
            let element = containers[id]!
            let nearHeading = headingScope.map { element.isDescendant(of: $0) } ?? false
            return (element: element, score: score * (1 - stats.linkDensity(element)) * (nearHeading ? 1.5 : 1))
        }
        ranked.sort { $0.score > $1.score }
        var top = ranked[0]

        // Two or more strong candidates apart from the best one (not inside it, not around
        // it): the story is split into several blocks, and their nearest common ancestor
        // with the best one holds it.
        let strong = ranked.dropFirst().prefix(5).filter {
            $0.score >= top.score * 0.75 && !$0.element.isDescendant(of: top.element) && !top.element.isDescendant(of: $0.element)
        }.map(\.element)
        if strong.count >= 2, var ancestor = top.element.parent {
            while ancestor !== root {
                if strong.filter({ $0.isDescendant(of: ancestor) }).count >= 2 {
                    top = (ancestor, scores[ObjectIdentifier(ancestor)] ?? top.score)
                    break
                }
                guard let next = ancestor.parent else { break }
                ancestor = next
            }
        }

        // The container and the siblings that belong with it.
        var chosen: [HTMLElement] = [top.element]
        if let parent = top.element.parent {
            let threshold = max(10, top.score * 0.2)
            chosen = parent.childElements.filter { sibling in
                guard sibling === top.element || isKept(sibling) else { return false }
                if sibling === top.element { return true }
                // Another article next to this one is another story (an "up next" preview).
                if sibling.name == "article" { return false }
                let density = stats.linkDensity(sibling)
                if let score = scores[ObjectIdentifier(sibling)], score * (1 - density) >= threshold { return true }
                guard sibling.name == "p" else { return false }
                let length = stats[sibling].characters
                return (length > 80 && density < 0.25)
                    || (length > 0 && density == 0 && collapseWhiteSpace(HTMLBlockReader.visibleText(sibling, isKept: isKept)).hasSuffix("."))
            }
        }
        var paragraphs: [String] = []
        for element in chosen { HTMLBlockReader.readBlocks(element, isKept: isKept, into: &paragraphs) }
        return paragraphs
    }

    /// The paragraphs of an HTML fragment that is all story (a feed's `body_html`): every
    /// block is read; only what is never text (scripts, figures, hidden blocks) is left out.
    func paragraphs(ofFragment root: HTMLElement) -> [String] {
        var paragraphs: [String] = []
        HTMLBlockReader.readBlocks(root, isKept: keptElements(of: [root] + root.descendants), into: &paragraphs)
        return paragraphs
    }

    /// Which of `elements` (a root and all below it, in document order) stay once what is
    /// never article text is removed.
    private func keptElements(of elements: [HTMLElement]) -> (HTMLElement) -> Bool {
        let root = elements[0]
        var kept = Set<ObjectIdentifier>()
        // Scripts and styles are not text, however long: they count for nothing.
        let everything = HTMLTextStats(elements, including: { !Self.removedNames.contains($0.name) }, isParagraphLike: Self.scoresItsContainer)
        for element in elements.dropFirst() {
            if let parent = element.parent, !kept.contains(ObjectIdentifier(parent)), parent !== root {
                continue   // inside a removed element
            }
            guard !isRemoved(element, stats: everything, pageProse: everything[root].prose) else { continue }
            kept.insert(ObjectIdentifier(element))
        }
        return { kept.contains(ObjectIdentifier($0)) }
    }

    /// How many of the highest-scoring containers are weighed by their link density.
    static let candidatesWeighed = 10

    // MARK: Removing what is never article text

    static let removedNames: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object", "embed",
        "form", "button", "input", "select", "textarea", "label", "option", "nav", "aside", "footer", "header",
        "figure", "figcaption", "picture", "video", "audio", "map", "dialog", "menu", "head", "title", "meta",
        "link", "base", "img", "source", "track", "area", "applet", "frame", "frameset", "marquee",
        // AMP's own elements for ads, menus, share buttons and consent.
        "amp-ad", "amp-embed", "amp-sticky-ad", "amp-sidebar", "amp-social-share", "amp-analytics", "amp-consent", "amp-img",
    ]

    static let removedRoles: Set<String> = [
        "navigation", "complementary", "banner", "contentinfo", "dialog", "alertdialog", "search", "menu",
        "menubar", "toolbar", "tablist", "note", "figure", "img",
    ]

    private func isRemoved(_ element: HTMLElement, stats: HTMLTextStats, pageProse: Int) -> Bool {
        if Self.removedNames.contains(element.name) { return true }
        if element["hidden"] != nil || element["aria-hidden"] == "true" { return true }
        if let role = element["role"]?.lowercased(), Self.removedRoles.contains(role) { return true }
        if let style = element["style"]?.lowercased().filter({ $0 != " " }),
           style.contains("display:none") || style.contains("visibility:hidden") || style.contains("position:fixed") {
            // Hidden, or laid over the page: consent walls, sign-up prompts, sticky bars.
            return true
        }
        if isCaptionBlock(element, stats: stats) { return true }
        switch HTMLBoilerplateNames.meaning(of: element) {
        case .boilerplate?:
            return true
        case .furniture?:
            // A template that calls its main column "with-sidebar" still holds the story.
            return stats[element].prose * 2 < pageProse || pageProse == 0
        case .content?, nil:
            return false
        }
    }

    /// A block that is an image with a line of text: a caption or a gallery slide, not prose.
    /// (`figure`/`figcaption` are removed by name; this catches the markup without them.)
    private func isCaptionBlock(_ element: HTMLElement, stats: HTMLTextStats) -> Bool {
        let hasImage = element.children.contains { child in
            guard case .element(let child) = child else { return false }
            if child.name == "img" || child.name == "picture" { return true }
            guard ["a", "div", "span"].contains(child.name), child.children.count == 1, case .element(let only) = child.children[0] else { return false }
            return only.name == "img" || only.name == "picture"
        }
        return hasImage && stats[element].paragraphs <= 1 && stats[element].characters < 300
    }

    // MARK: Scoring

    /// Blocks whose text counts as prose for their containers.
    private static func scoresItsContainer(_ element: HTMLElement) -> Bool {
        switch element.name {
        case "p", "pre", "blockquote", "td", "dd": true
        case "div", "section", "article", "span", "font", "center":
            // A block used as a paragraph (or several, split by `br`): text of its own, no block inside.
            element.children.contains { if case .text(let text) = $0 { !text.allSatisfy(\.isWhitespace) } else { false } }
                && !element.childElements.contains { $0.name != "br" && HTMLBlockReader.blockNames.contains($0.name) }
        default: false
        }
    }

    private static func initialScore(_ element: HTMLElement) -> Double {
        var score: Double
        switch element.name {
        case "article": score = 10
        case "div", "main", "section": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: score = 0
        }
        switch HTMLBoilerplateNames.meaning(of: element) {
        case .content?: score += 25
        case .boilerplate?, .furniture?: score -= 25
        case nil: break
        }
        if element["itemprop"] == "articleBody" { score += 25 }
        return score
    }
}
