/// What comes off the content that scoring chose before it is read as the article's
/// paragraphs. Content scoring keeps whatever sits inside the story's container; readers
/// of news want the story without what templates put beside it there. The rules read
/// markup and names, never a site: blocks named as comments, share bars, related links,
/// ads, newsletters, consent or captions (``HTMLBoilerplateNames/blockMeaning(of:)``);
/// figure captions; the headline or a `<time>` repeated as a paragraph; lines of links at either
/// end ("Print this story | E-mail this story", "Read also: …").
enum HTMLContentTrimming {
    /// The paragraphs of `content` (which this changes), trimmed.
    /// `counts`: those of `content`, as content scoring left them.
    static func paragraphs(of content: HTMLElement, counts: HTMLTreeStats, title: String?) -> [String] {
        let timeStamps = Set(content.descendants.filter { $0.name == "time" }.map { collapseWhiteSpace($0.text) })
        removeBoilerplate(from: content, stats: counts)
        var lines = HTMLBlockReader.readLines(content, isKept: { _ in true })
        // The headline, and a time stamp on a line of its own, are metadata, not story.
        let headline = title.map(collapseWhiteSpace)
        lines.removeAll { $0.text == headline || timeStamps.contains($0.text) }
        while let last = lines.last, last.linkShare > linkLineShare { lines.removeLast() }
        while let first = lines.first, first.linkShare > linkLineShare { lines.removeFirst() }
        return lines.map(\.text)
    }

    /// A line more than this share of link text, at an edge of the story, is a link line.
    static let linkLineShare = 0.5

    /// Elements read for their names. Only blocks (and paragraphs, which keep the names
    /// of the `div` they were made from): a link or a span named oddly inside a paragraph
    /// is part of the paragraph.
    static let namedBlocks: Set<String> = ["div", "p", "section", "aside", "ul", "ol", "table", "form", "nav", "header", "footer", "dl"]

    /// A block named as boilerplate goes when it holds less than this share of the text:
    /// a template that calls the story's own column `share-wrapper` keeps it.
    static let boilerplateShare = 0.5
    /// Furniture (sidebars, menus, headers) goes when it holds less than this share.
    static let furnitureShare = 0.2

    /// Takes the named boilerplate and furniture and the figure captions out of `content`.
    static func removeBoilerplate(from content: HTMLElement, stats: HTMLTreeStats) {
        let total = max(1, stats[content].characters)
        var pending = content.childElements
        var removed: [HTMLElement] = []
        while let element = pending.popLast() {
            let share = Double(stats[element].characters) / Double(total)
            if element.name == "figcaption" {
                removed.append(element)
                continue
            }
            if namedBlocks.contains(element.name) {
                switch HTMLBoilerplateNames.blockMeaning(of: element) {
                case .boilerplate? where share < boilerplateShare, .furniture? where share < furnitureShare:
                    removed.append(element)
                    continue
                default: break
                }
            }
            pending.append(contentsOf: element.childElements)
        }
        HTMLElement.detach(removed)
    }
}
