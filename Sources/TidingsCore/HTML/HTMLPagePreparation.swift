/// Readies a copy of a page for content scoring: what is never text goes (scripts, styles,
/// templates), `font` becomes `span`, and a run of two or more `br` — the way old pages and
/// some editors separate paragraphs — starts a `p` holding what follows up to the next run.
enum HTMLPagePreparation {
    static let neverText: Set<String> = ["script", "noscript", "style", "template"]

    static func prepare(_ document: HTMLElement) {
        var pending = [document]
        while let element = pending.popLast() {
            var children = element.children.filter { if case .element(let child) = $0 { !neverText.contains(child.name) } else { true } }
            if element.name == "font" { element.name = "span" }
            if children.contains(where: { if case .element(let child) = $0 { child.name == "br" } else { false } }) {
                children = paragraphsFromBreaks(children, in: element)
            }
            element.setChildren(children)
            pending.append(contentsOf: element.childElements)
        }
    }

    /// `children` with each chain of `br`s replaced by a `p` holding the inline content
    /// that follows it.
    private static func paragraphsFromBreaks(_ children: [HTMLNode], in parent: HTMLElement) -> [HTMLNode] {
        var out: [HTMLNode] = []
        var index = 0
        var made = false
        while index < children.count {
            let node = children[index]
            guard isBreak(node), let chainEnd = endOfChain(children, from: index) else {
                out.append(node)
                index += 1
                continue
            }
            // A chain of two or more: a paragraph of what follows, up to a chain or a block.
            made = true
            let paragraph = HTMLElement(name: "p")
            var content: [HTMLNode] = []
            index = chainEnd
            while index < children.count {
                let next = children[index]
                if isBreak(next), endOfChain(children, from: index) != nil { break }
                if case .element(let element) = next, !HTMLArticleGrabber.isPhrasing(element) { break }
                content.append(next)
                index += 1
            }
            while let last = content.last, isWhitespace(last) { content.removeLast() }
            paragraph.setChildren(content)
            out.append(.element(paragraph))
        }
        if made && parent.name == "p" { parent.name = "div" }
        return out
    }

    /// Where a chain of two or more `br`s starting at `index` ends (the first node after
    /// it), white space between them allowed; nil for a lone `br`.
    private static func endOfChain(_ children: [HTMLNode], from index: Int) -> Int? {
        var breaks = 0
        var position = index
        var end = index
        while position < children.count {
            if isBreak(children[position]) {
                breaks += 1
                end = position + 1
            } else if !isBlankText(children[position]) {
                break
            }
            position += 1
        }
        return breaks >= 2 ? end : nil
    }

    private static func isBreak(_ node: HTMLNode) -> Bool {
        if case .element(let element) = node { return element.name == "br" }
        return false
    }

    private static func isBlankText(_ node: HTMLNode) -> Bool {
        if case .text(let text) = node { return text.allSatisfy(\.isWhitespace) }
        return false
    }

    private static func isWhitespace(_ node: HTMLNode) -> Bool { isBlankText(node) || isBreak(node) }

}
