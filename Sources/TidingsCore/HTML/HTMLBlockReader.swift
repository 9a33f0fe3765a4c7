/// Reads the text of a chosen container the way a reader sees it: a paragraph per block
/// element (and per `br`), word-less counters left out, table cells that hold one line
/// kept whole. Lines of links stay: in a container chosen as the story they are the
/// story's own lists (sources, "see also", a timeline), which readers keep too.
enum HTMLBlockReader {
    /// An array, not a set: asked of every element read, and cheaper so (see ``HTMLArticleGrabber/blockNames``).
    static let blockNames: [String] = [
        "p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
        "address", "center", "hr", "br", "header", "footer", "aside", "nav", "figure", "details", "summary",
    ]

    /// The text a reader sees: removed elements left out, `br` as a line break.
    static func visibleText(_ element: HTMLElement, isKept: (HTMLElement) -> Bool) -> String {
        var out = ""
        var pending: [HTMLNode] = element.children.reversed()
        while let next = pending.popLast() {
            switch next {
            case .text(let text): out += text
            case .element(let child):
                guard isKept(child) else { continue }
                if child.name == "br" { out += "\n" }
                pending.append(contentsOf: child.children.reversed())
            }
        }
        return out
    }

    /// Appends the paragraphs of `element`: each block-level element (and each `br`) ends one.
    static func readBlocks(_ element: HTMLElement, isKept: (HTMLElement) -> Bool, into paragraphs: inout [String]) {
        paragraphs += readLines(element, isKept: isKept).map(\.text)
    }

    /// A paragraph as read, with how much of it is the text of links.
    struct Line {
        var text: String
        /// The share of its characters inside `a` elements, 0 to 1.
        var linkShare: Double
    }

    /// The paragraphs of `element`, each with its link share.
    static func readLines(_ element: HTMLElement, isKept: (HTMLElement) -> Bool) -> [Line] {
        var lines: [Line] = []
        var line = ""
        var linkedLength = 0
        // Paragraphs of the table cells being read, innermost last: a cell that holds one
        // line is data ("12", "27") and is kept whole; a layout cell holding the page is read
        // like any other block.
        var cells: [[Line]] = []
        // A line without a word is a time stamp or a counter ("22:04", "1.2K"): not kept.
        func endParagraph() {
            let text = collapseWhiteSpace(line)
            let linkShare = line.isEmpty ? 0 : min(1, Double(linkedLength) / Double(line.count))
            line = ""
            linkedLength = 0
            guard !text.isEmpty else { return }
            if cells.isEmpty {
                if hasWord(text) { lines.append(Line(text: text, linkShare: linkShare)) }
            } else {
                cells[cells.count - 1].append(Line(text: text, linkShare: linkShare))
            }
        }
        func endCell() {
            let cell = cells.removeLast()
            let kept = cell.count == 1 ? cell : cell.filter { hasWord($0.text) }
            if cells.isEmpty { lines.append(contentsOf: kept) } else { cells[cells.count - 1].append(contentsOf: kept) }
        }
        // A stack of work: text to add, elements to open, and paragraph ends to mark.
        enum Step { case node(HTMLNode, insideLink: Bool), end(closesCell: Bool) }
        var pending: [Step] = [.node(.element(element), insideLink: false)]
        while let step = pending.popLast() {
            switch step {
            case .end(let closesCell):
                endParagraph()
                if closesCell { endCell() }
            case .node(.text(let text), let insideLink):
                line += text
                if insideLink { linkedLength += text.count }
            case .node(.element(let child), let insideLink):
                guard child === element || isKept(child) else { continue }
                if child.name == "br" { endParagraph(); continue }
                if Self.blockNames.contains(child.name) {
                    endParagraph()
                    let isCell = child.name == "td" || child.name == "th"
                    if isCell { cells.append([]) }
                    pending.append(.end(closesCell: isCell))
                }
                let linked = insideLink || child.name == "a"
                pending.append(contentsOf: child.children.reversed().map { .node($0, insideLink: linked) })
            }
        }
        endParagraph()
        while !cells.isEmpty { endCell() }
        return lines
    }

    /// Whether `text` has a word of two letters or more.
    static func hasWord(_ text: String) -> Bool {
        var run = 0
        for character in text {
            run = character.isLetter ? run + 1 : 0
            if run >= 2 { return true }
        }
        return false
    }
}
