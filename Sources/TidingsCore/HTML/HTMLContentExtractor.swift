/// Finds an article's text in a whole web page.
///
/// Content scoring first (``HTMLArticleGrabber``), in up to four attempts from the
/// strictest to the loosest, as readers do: an attempt that finds less than 500 characters
/// of text makes way for the next, which keeps more of the page; when none reaches 500
/// the longest wins. The way the body was found is reported with it.
struct HTMLContentExtractor {
    /// How the body was found, recorded with the article.
    enum Method: String, Sendable {
        /// Content scoring, in its strictest attempt.
        case contentScoring = "content-scoring"
        /// Content scoring, in a looser attempt (names no longer trusted, or no cleaning).
        case looseContentScoring = "content-scoring-loose"
        /// The page's schema.org `articleBody`: the markup held no text.
        case linkedData = "json-ld-article-body"
        /// The page's visible text: no container held the story.
        case pageText = "page-text"
    }

    struct Extraction {
        var paragraphs: [String]
        var method: Method
        /// The text of the element content scoring took for the byline, if any.
        var byline: String?
    }

    static let attempts: [HTMLArticleGrabber.Flags] = [.all, [.weightClasses, .cleanConditionally], [.cleanConditionally], []]
    static let enoughText = 500

    /// The article's paragraphs by content scoring; nil when no attempt found any text.
    func extract(from document: HTMLElement, title: String?) -> Extraction? {
        let prepared = document.copy()
        HTMLPagePreparation.prepare(prepared)
        var best: (result: HTMLArticleGrabber.Result, attempt: Int)?
        for (attempt, flags) in Self.attempts.enumerated() {
            guard let result = HTMLArticleGrabber(flags: flags, title: title).grab(prepared.copy()) else { continue }
            if best == nil || result.textLength > best!.result.textLength { best = (result, attempt) }
            if result.textLength >= Self.enoughText { break }
        }
        guard let best, best.result.textLength > 0 else { return nil }
        let paragraphs = HTMLContentTrimming.paragraphs(of: best.result.content, counts: best.result.counts, title: title)
        guard !paragraphs.isEmpty else { return nil }
        return Extraction(paragraphs: paragraphs, method: best.attempt == 0 ? .contentScoring : .looseContentScoring, byline: best.result.byline)
    }

    /// The visible text of the whole page without what is never story — scripts, menus,
    /// headers and footers, blocks named as boilerplate: the last resort.
    func pageText(of document: HTMLElement) -> [String] {
        let prepared = document.copy()
        HTMLPagePreparation.prepare(prepared)
        return paragraphs(ofFragment: prepared.descendants.first { $0.name == "body" } ?? prepared)
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
        if element.isHiddenByStyle { return true }
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

    /// Blocks whose text counts as prose for their containers.
    static func scoresItsContainer(_ element: HTMLElement) -> Bool {
        switch element.name {
        case "p", "pre", "blockquote", "td", "dd": true
        case "div", "section", "article", "span", "font", "center":
            // A block used as a paragraph (or several, split by `br`): text of its own, no block inside.
            element.children.contains { if case .text(let text) = $0 { !text.allSatisfy(\.isWhitespace) } else { false } }
                && !element.childElements.contains { $0.name != "br" && HTMLBlockReader.blockNames.contains($0.name) }
        default: false
        }
    }
}
