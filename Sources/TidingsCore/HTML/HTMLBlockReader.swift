/// Reads the text of a chosen container the way a reader sees it: a paragraph per block
/// element (and per `br`), link lists and word-less counters left out, table cells that
/// hold one line kept whole.
enum HTMLBlockReader {
    static let blockNames: Set<String> = [
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

    /// Appends the paragraphs of `element`: each block-level element (and each `br`) ends
    /// one; blocks that are mostly links (link lists, "Read more" lines) are left out.
    static func readBlocks(_ element: HTMLElement, isKept: (HTMLElement) -> Bool, into paragraphs: inout [String]) {
        var line = ""
        var linkedLength = 0
        // Paragraphs of the table cells being read, innermost last: a cell that holds one
        // line is data ("12", "27") and is kept whole; a layout cell holding the page is read
        // like any other block.
        var cells: [[String]] = []
        // A line without a word is a time stamp or a counter ("22:04", "1.2K"): not kept.
        let keep = Self.hasWord
        func endParagraph() {
            let text = collapseWhiteSpace(line)
            let linkShare = text.isEmpty ? 0 : Double(linkedLength) / Double(line.count)
            line = ""
            linkedLength = 0
            guard !text.isEmpty, !(linkShare > 0.5) else { return }
            if cells.isEmpty {
                if keep(text) { paragraphs.append(text) }
            } else {
                cells[cells.count - 1].append(text)
            }
        }
        func endCell() {
            let cell = cells.removeLast()
            let kept = cell.count == 1 ? cell : cell.filter(keep)
            if cells.isEmpty { paragraphs.append(contentsOf: kept) } else { cells[cells.count - 1].append(contentsOf: kept) }
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
