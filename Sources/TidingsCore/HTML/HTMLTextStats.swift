/// How much text each element of a page holds, measured once, bottom up.
///
/// Extraction asks how long, how comma-rich and how linked many nested elements are;
/// reading each one's text again would cost the page's size times its depth (quadratic
/// on a page of nested inline tags). Here every element's counts are its children's sums.
struct HTMLTextStats {
    struct Counts {
        /// Visible characters, each run of white space counted once.
        var characters = 0
        var commas = 0
        /// Characters inside links.
        var linkedCharacters = 0
        /// `p` elements, this one included.
        var paragraphs = 0
        /// Characters of text that paragraph-like blocks hold directly: the page's prose.
        var prose = 0
    }

    private var counts: [ObjectIdentifier: Counts] = [:]

    /// Measures `elements` — a root and every element below it, in document order — for
    /// which `including` holds; an element left out counts for nothing in its ancestors.
    init(_ elements: [HTMLElement], including: (HTMLElement) -> Bool = { _ in true }, isParagraphLike: (HTMLElement) -> Bool) {
        // Children come after their parent in document order: reversed, they come first.
        for element in elements.reversed() where element === elements.first || including(element) {
            var total = Counts()
            var direct = 0
            for child in element.children {
                switch child {
                case .text(let text):
                    let (characters, commas) = Self.measure(text)
                    total.characters += characters
                    total.commas += commas
                    direct += characters
                case .element(let child):
                    guard let inner = counts[ObjectIdentifier(child)] else { continue }
                    total.characters += inner.characters
                    total.commas += inner.commas
                    total.linkedCharacters += inner.linkedCharacters
                    total.paragraphs += inner.paragraphs
                    total.prose += inner.prose
                }
            }
            if element.name == "a" { total.linkedCharacters = total.characters }
            if element.name == "p" { total.paragraphs += 1 }
            if isParagraphLike(element) { total.prose += direct }
            counts[ObjectIdentifier(element)] = total
        }
    }

    subscript(element: HTMLElement) -> Counts { counts[ObjectIdentifier(element)] ?? Counts() }

    /// The share of an element's characters inside links.
    func linkDensity(_ element: HTMLElement) -> Double {
        let counts = self[element]
        return counts.characters == 0 ? 0 : min(1, Double(counts.linkedCharacters) / Double(counts.characters))
    }

    static func measure(_ text: String) -> (characters: Int, commas: Int) {
        var characters = 0, commas = 0
        var inSpace = false
        for scalar in text.unicodeScalars {
            if ScalarTable.isWhiteSpace(scalar.value) {
                if !inSpace { characters += 1 }
                inSpace = true
                continue
            }
            inSpace = false
            characters += 1
            if scalar == "," || scalar == "，" || scalar == "、" || scalar == "،" { commas += 1 }
        }
        return (characters, commas)
    }
}
