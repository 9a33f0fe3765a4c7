/// What content scoring and cleaning ask of an element — how long its text is, how many
/// commas and links it holds, how many paragraphs, images, list items, inputs and embeds
/// are below it, how much of its text is in headings or in lists — measured for a whole
/// subtree at once, bottom up, in time linear in its size.
///
/// Readers ask these of one element after another, nested; measuring each element's text
/// anew costs the page's size times its depth. Here every element's counts are its
/// children's sums, and removing an element subtracts its counts from its ancestors.
final class HTMLTreeStats {
    struct Counts {
        /// Visible characters, each run of white space counted once, leading and trailing
        /// white space left out (as `innerText.trim()` with spaces normalised).
        var characters: Int { max(0, collapsed - (leadingSpace ? 1 : 0) - (trailingSpace ? 1 : 0)) }
        var collapsed = 0
        var leadingSpace = false
        var trailingSpace = false
        var commas = 0
        /// Characters inside links, those of in-page links (`href="#…"`) counted at 0.3.
        var linkedCharacters = 0.0
        var paragraphs = 0
        var images = 0
        var listItems = 0
        var inputs = 0
        var embeds = 0
        /// Characters of descendant headings (`h1`–`h6`), of lists (`ul`, `ol`), of text
        /// blocks (`span`, `li`, `td`, `p`, `div`, …), nested ones counted again as readers do.
        var headingCharacters = 0
        var listCharacters = 0
        var textishCharacters = 0

        var linkDensity: Double { characters == 0 ? 0 : linkedCharacters / Double(characters) }
        var headingDensity: Double { characters == 0 ? 0 : Double(headingCharacters) / Double(characters) }
        var textDensity: Double { characters == 0 ? 0 : Double(textishCharacters) / Double(characters) }
    }

    private var counts: [ObjectIdentifier: Counts] = [:]

    // Switches rather than sets: these run for every element and every character of
    // every attempt, and hashing was a tenth of the extraction's cost.
    static func isTextish(_ name: String) -> Bool {
        switch name {
        case "span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul": true
        default: false
        }
    }

    static func isHeading(_ name: String) -> Bool {
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6": true
        default: false
        }
    }

    /// Measures `root` and everything below it.
    init(_ root: HTMLElement) {
        // Pre-order (siblings in any order), then reversed: every child before its parent.
        // Not `descendants`, whose document order costs an array reversal per element, in a
        // pass that runs several times an attempt (a few per cent of the extraction, measured).
        var order: [HTMLElement] = []
        var pending = [root]
        while let next = pending.popLast() {
            order.append(next)
            pending.append(contentsOf: next.childElements)
        }
        for element in order.reversed() { counts[ObjectIdentifier(element)] = measure(element) }
    }

    subscript(element: HTMLElement) -> Counts { counts[ObjectIdentifier(element)] ?? Counts() }

    /// Takes a removed element's counts out of its former ancestors, up to `root`.
    func removed(_ element: HTMLElement, from parent: HTMLElement, below root: HTMLElement) {
        let gone = self[element]
        var current: HTMLElement? = parent
        while let ancestor = current {
            var total = self[ancestor]
            total.collapsed -= gone.collapsed
            total.commas -= gone.commas
            total.linkedCharacters -= gone.linkedCharacters
            total.paragraphs -= gone.paragraphs
            total.images -= gone.images
            total.listItems -= gone.listItems
            total.inputs -= gone.inputs
            total.embeds -= gone.embeds
            total.headingCharacters -= gone.headingCharacters
            total.listCharacters -= gone.listCharacters
            total.textishCharacters -= gone.textishCharacters
            counts[ObjectIdentifier(ancestor)] = total
            if ancestor === root { break }
            current = ancestor.parent
        }
    }

    private func measure(_ element: HTMLElement) -> Counts {
        var total = Counts()
        var first = true
        for child in element.children {
            let part: Counts
            switch child {
            case .text(let text): part = Self.measure(text)
            case .element(let child):
                part = self[child]
                total.linkedCharacters += part.linkedCharacters
                total.paragraphs += part.paragraphs
                total.images += part.images
                total.listItems += part.listItems
                total.inputs += part.inputs
                total.embeds += part.embeds
                total.headingCharacters += part.headingCharacters + (Self.isHeading(child.name) ? part.characters : 0)
                total.listCharacters += part.listCharacters + (child.name == "ul" || child.name == "ol" ? part.characters : 0)
                total.textishCharacters += part.textishCharacters + (Self.isTextish(child.name) ? part.characters : 0)
            }
            guard part.collapsed > 0 else { continue }
            // Two runs of white space that meet are one.
            let merged = !first && total.trailingSpace && part.leadingSpace ? 1 : 0
            if first { total.leadingSpace = part.leadingSpace }
            total.collapsed += part.collapsed - merged
            total.trailingSpace = part.trailingSpace
            total.commas += part.commas
            first = false
        }
        switch element.name {
        case "a":
            let href = element["href"] ?? ""
            total.linkedCharacters = Double(total.characters) * (href.hasPrefix("#") ? 0.3 : 1)
        case "p": total.paragraphs += 1
        case "img": total.images += 1
        case "li": total.listItems += 1
        case "input": total.inputs += 1
        case "object", "embed", "iframe": total.embeds += 1
        default: break
        }
        return total
    }

    static func measure(_ text: String) -> Counts {
        var counts = Counts()
        var inSpace = false
        var first = true
        for scalar in text.unicodeScalars {
            if ScalarTable.isWhiteSpace(scalar.value) {
                if first { counts.leadingSpace = true }
                if !inSpace { counts.collapsed += 1 }
                inSpace = true
            } else {
                inSpace = false
                counts.collapsed += 1
                if isComma(scalar.value) { counts.commas += 1 }
            }
            first = false
        }
        counts.trailingSpace = inSpace
        return counts
    }

    /// Commas of the world's scripts: Latin, Arabic, small and fullwidth forms, and others.
    static func isComma(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2C, 0x60C, 0xFE50, 0xFE10, 0xFE11, 0x2E41, 0x2E34, 0x2E32, 0xFF0C, 0x3001: true
        default: false
        }
    }
}
