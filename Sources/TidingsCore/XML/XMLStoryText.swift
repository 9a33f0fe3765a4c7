/// The paragraphs of a story's markup inside an XML document — an NITF `body.content`,
/// an XHTML body, a NewsML-G2 `inlineXML` — read as a reader sees them: one paragraph per
/// block. NITF's own block elements are read as their HTML counterparts (`hl2` a heading,
/// `block` a division, `bq` a quotation), and media (photos, their captions) are not text.
enum XMLStoryText {
    private static let nitfBlocks: [String: String] = [
        "hl2": "h2", "block": "div", "bq": "blockquote", "fn": "div", "note": "div", "credit": "p",
        "nitf-table": "table", "nitf-colgroup": "colgroup", "body.content": "div", "body.end": "div",
        "tagline": "p", "dl": "dl",
    ]
    private static let notText: Set<String> = ["media", "nitf-table-metadata", "media-reference", "media-caption", "media-producer"]

    static func paragraphs(of element: HTMLElement) -> [String] {
        let copy = element.copy()
        var dropped: [HTMLElement] = []
        for descendant in copy.descendants {
            if notText.contains(descendant.name) { dropped.append(descendant) }
            if let renamed = nitfBlocks[descendant.name] { descendant.name = renamed }
        }
        HTMLElement.detach(dropped)
        return HTMLContentExtractor().paragraphs(ofFragment: copy).map(collapseWhiteSpace).filter { !$0.isEmpty }
    }

    /// Plain text (`inlineData`, a text `DataContent`) as paragraphs: blank lines part them;
    /// text with no blank line at all is a paragraph a line.
    static func paragraphs(ofPlainText text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { collapseWhiteSpace(String($0)) }
        let hasBlank = lines.drop(while: \.isEmpty).reversed().drop(while: \.isEmpty).contains(where: \.isEmpty)
        guard hasBlank else { return lines.filter { !$0.isEmpty } }
        var paragraphs: [String] = []
        var current: [String] = []
        for line in lines + [""] {
            if line.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")); current = [] }
            } else {
                current.append(line)
            }
        }
        return paragraphs
    }
}
