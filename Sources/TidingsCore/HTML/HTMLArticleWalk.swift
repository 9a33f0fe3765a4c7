/// The first step of an attempt at finding the article (``HTMLArticleGrabber``): one walk
/// over the page that drops what cannot be the article, sets the byline aside, shapes loose
/// text into paragraphs, and lists the blocks whose text scores their containers.
struct HTMLArticleWalk {
    let flags: HTMLArticleGrabber.Flags
    let title: String?
    /// Blocks to score, in document order.
    private(set) var scored: [HTMLElement] = []
    private(set) var byline: String?
    private var titleHeaderRemoved = false

    init(flags: HTMLArticleGrabber.Flags, title: String?) {
        self.flags = flags
        self.title = title
    }

    /// Walks the page below `document`, changing it.
    mutating func run(_ document: HTMLElement) {
        let stats = HTMLTreeStats(document)
        let blockInside = Self.elementsHoldingABlock(document)
        // Depth first, children in order; each frame rebuilds its element's children
        // without the ones dropped.
        var frames: [(element: HTMLElement, kept: [HTMLNode], next: Int)] = [(document, [], 0)]
        while !frames.isEmpty {
            let frame = frames.count - 1
            let parent = frames[frame].element
            guard frames[frame].next < parent.children.count else {
                parent.setChildren(frames[frame].kept)
                frames.removeLast()
                continue
            }
            let child = parent.children[frames[frame].next]
            frames[frame].next += 1
            guard case .element(let element) = child else {
                frames[frame].kept.append(child)
                continue
            }
            let nearby = frames.suffix(3).map(\.element.name)
            guard let kept = visit(element, nearby: nearby, stats: stats, blockInside: blockInside) else { continue }
            frames[frame].kept.append(.element(kept))
            frames.append((kept, [], 0))
        }
    }

    /// What becomes of one element: nil when it is dropped, else the element kept in its
    /// place (itself, renamed, or the paragraph it held).
    /// `nearby`: the names of the three nearest ancestors.
    private mutating func visit(_ node: HTMLElement, nearby: [String], stats: HTMLTreeStats, blockInside: Set<ObjectIdentifier>) -> HTMLElement? {
        let matchString = HTMLNamePatterns.matchString(node)
        if !Self.isProbablyVisible(node) { return nil }
        if node["aria-modal"] == "true" && node["role"] == "dialog" { return nil }
        if byline == nil, Self.isByline(node, matchString: matchString), (1..<100).contains(stats[node].characters) {
            byline = collapseWhiteSpace(node.text)
            return nil
        }
        if !titleHeaderRemoved, node.name == "h1" || node.name == "h2", let title, Self.similarity(title, node.text) > 0.75 {
            titleHeaderRemoved = true
            return nil
        }
        if flags.contains(.stripUnlikely) {
            if HTMLNamePatterns.isUnlikely(matchString), !nearby.contains("table"), !nearby.contains("code"), node.name != "body", node.name != "a" {
                return nil
            }
            if let role = node["role"], HTMLArticleGrabber.unlikelyRoles.contains(role) { return nil }
        }
        if ["div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6"].contains(node.name), stats[node].characters == 0,
           node.childElements.allSatisfy({ $0.name == "br" || $0.name == "hr" }) {
            return nil
        }
        if HTMLArticleGrabber.scoredNames.contains(node.name) { scored.append(node) }
        guard node.name == "div" else { return node }
        Self.gatherPhrasing(into: node)
        if var only = Self.singleParagraph(of: node), stats[node].linkDensity < 0.25 {
            if only.attributes.isEmpty && !node.attributes.isEmpty {
                // A paragraph made of the div's loose text keeps the div's names: the
                // boilerplate pass reads them (`<div class="ad-label">Anzeige</div>`).
                let named = HTMLElement(name: "p", attributes: node.attributes)
                named.setChildren(only.children)
                only = named
            }
            scored.append(only)
            return only
        }
        let holdsBlock = node.childElements.contains { HTMLArticleGrabber.blockNames.contains($0.name) || blockInside.contains(ObjectIdentifier($0)) }
        if !holdsBlock {
            node.name = "p"
            scored.append(node)
        }
        return node
    }

    /// Wraps each run of loose text and inline elements of a `div` in a `p`.
    private static func gatherPhrasing(into div: HTMLElement) {
        var rebuilt: [HTMLNode] = []
        var paragraph: HTMLElement?
        var runs: [HTMLNode] = []
        func close() {
            guard let open = paragraph else { return }
            while let last = runs.last, isWhitespace(last) { runs.removeLast() }
            open.setChildren(runs)
            paragraph = nil
            runs = []
        }
        for child in div.children {
            if isPhrasing(child) {
                if paragraph != nil {
                    runs.append(child)
                } else if !isWhitespace(child) {
                    let open = HTMLElement(name: "p")
                    paragraph = open
                    runs = [child]
                    rebuilt.append(.element(open))
                } else {
                    rebuilt.append(child)
                }
            } else {
                close()
                rebuilt.append(child)
            }
        }
        close()
        div.setChildren(rebuilt)
    }

    /// The `p` that is a `div`'s only element and only content, if there is one.
    private static func singleParagraph(of div: HTMLElement) -> HTMLElement? {
        let elements = div.childElements
        guard elements.count == 1, elements[0].name == "p" else { return nil }
        let looseText = div.children.contains { if case .text(let text) = $0 { !text.allSatisfy(\.isWhitespace) } else { false } }
        return looseText ? nil : elements[0]
    }

    private static func isPhrasing(_ node: HTMLNode) -> Bool {
        guard case .element(let element) = node else { return true }
        return HTMLArticleGrabber.isPhrasing(element)
    }

    private static func isWhitespace(_ node: HTMLNode) -> Bool {
        switch node {
        case .text(let text): text.allSatisfy(\.isWhitespace)
        case .element(let element): element.name == "br"
        }
    }

    static func isProbablyVisible(_ element: HTMLElement) -> Bool {
        if element.isHiddenByStyle || element["hidden"] != nil { return false }
        if element["aria-hidden"] == "true", !(element["class"] ?? "").contains("fallback-image") { return false }
        return true
    }

    private static func isByline(_ element: HTMLElement, matchString: String) -> Bool {
        element["rel"] == "author" || HTMLNamePatterns.contains(element["itemprop"] ?? "", any: ["author"]) || HTMLNamePatterns.contains(matchString, any: HTMLNamePatterns.byline)
    }

    /// How much of `b`'s words `a` holds: 1 minus the share of `b`'s text in words `a` lacks.
    static func similarity(_ a: String, _ b: String) -> Double {
        let tokensA = Set(words(a)), tokensB = words(b)
        guard !tokensA.isEmpty, !tokensB.isEmpty else { return 0 }
        let unique = tokensB.filter { !tokensA.contains($0) }
        return 1 - Double(unique.joined(separator: " ").count) / Double(tokensB.joined(separator: " ").count)
    }

    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init)
    }

    /// The elements below which (at any depth) some element is a block.
    private static func elementsHoldingABlock(_ root: HTMLElement) -> Set<ObjectIdentifier> {
        var holding = Set<ObjectIdentifier>()
        // Document order reversed: every child before its parent.
        for element in ([root] + root.descendants).reversed() where element.childElements.contains(where: {
            HTMLArticleGrabber.blockNames.contains($0.name) || holding.contains(ObjectIdentifier($0))
        }) {
            holding.insert(ObjectIdentifier(element))
        }
        return holding
    }
}
