/// Cleans the blocks an attempt chose as the article (``HTMLArticleGrabber``): what is
/// never text goes (forms, embeds, footers, asides, share bars, inputs, headings named as
/// furniture), and — in all but the loosest attempt — lists, tables and `div`s that look
/// like furniture rather than story: too many links for their text, more list items or
/// images than paragraphs, inputs, a lone embed with little text.
///
/// Counts come from ``HTMLTreeStats``, kept exact as elements go, so the whole cleaning
/// stays linear in the size of the article (times its depth, bounded by the parser).
struct HTMLArticleCleaner {
    let flags: HTMLArticleGrabber.Flags

    /// Cleans `content` and returns its counts, kept exact through the cleaning.
    @discardableResult
    func clean(_ content: HTMLElement) -> HTMLTreeStats {
        let stats = HTMLTreeStats(content)
        let dataTables = Self.dataTables(in: content)
        cleanConditionally(content, ["form", "fieldset"], stats: stats, dataTables: dataTables)
        remove(in: content, stats: stats) { ["object", "embed", "footer", "link", "aside"].contains($0.name) }
        for block in content.childElements {
            remove(in: block, stats: stats) { element in
                HTMLNamePatterns.isShare(HTMLNamePatterns.matchString(element)) && stats[element].characters < 500
            }
        }
        remove(in: content, stats: stats) { ["iframe", "input", "textarea", "select", "button"].contains($0.name) }
        if flags.contains(.weightClasses) {
            remove(in: content, stats: stats) { ($0.name == "h1" || $0.name == "h2") && HTMLNamePatterns.weight(of: $0) < 0 }
        }
        cleanConditionally(content, ["table"], stats: stats, dataTables: dataTables)
        cleanConditionally(content, ["ul"], stats: stats, dataTables: dataTables)
        cleanConditionally(content, ["div"], stats: stats, dataTables: dataTables)
        remove(in: content, stats: stats) { $0.name == "p" && stats[$0].characters == 0 && stats[$0].images + stats[$0].embeds == 0 }
        return stats
    }

    /// Removes, last in document order first (so an element is judged after what it holds),
    /// the elements below `root` that `condition` picks. Counts are updated at once; the
    /// elements leave their parents together at the end, each parent rebuilt once.
    private func remove(in root: HTMLElement, stats: HTMLTreeStats, where condition: (HTMLElement) -> Bool) {
        var removed: [HTMLElement] = []
        for element in root.descendants.reversed() where condition(element) {
            guard let parent = element.parent else { continue }
            stats.removed(element, from: parent, below: root)
            removed.append(element)
        }
        HTMLElement.detach(removed)
    }

    private func cleanConditionally(_ root: HTMLElement, _ names: Set<String>, stats: HTMLTreeStats, dataTables: Set<ObjectIdentifier>) {
        guard flags.contains(.cleanConditionally) else { return }
        let insideDataTable = Self.insideDataTables(root, dataTables: dataTables)
        remove(in: root, stats: stats) { element in
            names.contains(element.name) && shouldRemove(element, stats: stats, dataTables: dataTables, insideDataTable: insideDataTable)
        }
    }

    private func shouldRemove(
        _ node: HTMLElement, stats: HTMLTreeStats, dataTables: Set<ObjectIdentifier>, insideDataTable: Set<ObjectIdentifier>
    ) -> Bool {
        if node.name == "table" && dataTables.contains(ObjectIdentifier(node)) { return false }
        if insideDataTable.contains(ObjectIdentifier(node)) { return false }
        let nearby = Self.ancestorNames(of: node, upTo: 3)
        if nearby.contains("code") { return false }
        let counts = stats[node]
        var isList = node.name == "ul" || node.name == "ol"
        if !isList, counts.characters > 0 { isList = Double(counts.listCharacters) / Double(counts.characters) > 0.9 }
        let weight = flags.contains(.weightClasses) ? HTMLNamePatterns.weight(of: node) : 0
        if weight < 0 { return true }
        guard counts.commas < 10 else { return false }
        let paragraphs = Double(counts.paragraphs), images = Double(counts.images)
        let listItems = counts.listItems - 100
        let length = counts.characters
        if length <= 20, Self.isAdOrLoadingText(collapseWhiteSpace(node.text)) { return true }
        let linkDensity = counts.linkDensity
        let isFigureChild = nearby.contains("figure")
        var remove = false
        if !isFigureChild && images > 1 && paragraphs / images < 0.5 { remove = true }
        if !isList && listItems > counts.paragraphs { remove = true }
        if Double(counts.inputs) > (paragraphs / 3).rounded(.down) { remove = true }
        if !isList && !isFigureChild && counts.headingDensity < 0.9 && length < 25 && (images == 0 || images > 2) && linkDensity > 0 { remove = true }
        if !isList && weight < 25 && linkDensity > 0.2 { remove = true }
        if weight >= 25 && linkDensity > 0.5 { remove = true }
        if (counts.embeds == 1 && length < 75) || counts.embeds > 1 { remove = true }
        if images == 0 && counts.textDensity == 0 { remove = true }
        // A simple list of images stays.
        if isList && remove {
            if node.childElements.contains(where: { $0.childElements.count > 1 }) { return true }
            if counts.images == counts.listItems { return false }
        }
        return remove
    }

    /// Text that is only an advertisement's label or a loading notice.
    private static func isAdOrLoadingText(_ text: String) -> Bool {
        let lower = text.lowercased()
        let ads = ["ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung", "广告", "реклама", "anuncio"]
        let loading = ["loading", "正在加载", "загрузка", "chargement", "cargando"]
        let trimmed = lower.hasSuffix("…") ? String(lower.dropLast()) : lower.hasSuffix("...") ? String(lower.dropLast(3)) : lower
        return ads.contains(lower) || loading.contains(trimmed)
    }

    /// Tables of data (kept whole) as opposed to tables for layout.
    static func dataTables(in root: HTMLElement) -> Set<ObjectIdentifier> {
        var found = Set<ObjectIdentifier>()
        for table in root.descendants where table.name == "table" && isDataTable(table) { found.insert(ObjectIdentifier(table)) }
        return found
    }

    private static func isDataTable(_ table: HTMLElement) -> Bool {
        if table["role"] == "presentation" || table["datatable"] == "0" { return false }
        if table["summary"] != nil { return true }
        let inside = table.descendants
        if inside.contains(where: { $0.name == "caption" && !$0.children.isEmpty }) { return true }
        if inside.contains(where: { ["col", "colgroup", "tfoot", "thead", "th"].contains($0.name) }) { return true }
        if inside.contains(where: { $0.name == "table" }) { return false }
        let rows = inside.filter { $0.name == "tr" }
        let columns = rows.map { row in row.childElements.filter { $0.name == "td" || $0.name == "th" }.count }.max() ?? 0
        return rows.count >= 10 || columns > 4 || rows.count * columns > 10
    }

    private static func insideDataTables(_ root: HTMLElement, dataTables: Set<ObjectIdentifier>) -> Set<ObjectIdentifier> {
        var inside = Set<ObjectIdentifier>()
        var pending: [(HTMLElement, Bool)] = [(root, false)]
        while let (element, within) = pending.popLast() {
            if within { inside.insert(ObjectIdentifier(element)) }
            let below = within || dataTables.contains(ObjectIdentifier(element))
            for child in element.childElements { pending.append((child, below)) }
        }
        return inside
    }

    private static func ancestorNames(of element: HTMLElement, upTo count: Int) -> [String] {
        var names: [String] = []
        var current = element.parent
        while let ancestor = current, names.count < count {
            names.append(ancestor.name)
            current = ancestor.parent
        }
        return names
    }
}
