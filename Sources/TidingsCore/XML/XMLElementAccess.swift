/// Reading a parsed XML document (``XMLTreeBuilder``): children and descendants by local
/// name, and their text with its white space collapsed — what every wire format reader asks.
extension HTMLElement {
    /// The first child element with this (lower-cased) local name.
    func child(_ name: String) -> HTMLElement? {
        for case .element(let element) in children where element.name == name { return element }
        return nil
    }

    /// The child elements with this local name.
    func children(_ name: String) -> [HTMLElement] {
        childElements.filter { $0.name == name }
    }

    /// The element at the end of a path of child names (`["itemMeta", "pubStatus"]`).
    func path(_ names: String...) -> HTMLElement? {
        var current: HTMLElement? = self
        for name in names { current = current?.child(name) }
        return current
    }

    /// The first element below this one with this local name, in document order.
    func firstDescendant(_ name: String) -> HTMLElement? {
        var pending: [HTMLElement] = childElements.reversed()
        while let next = pending.popLast() {
            if next.name == name { return next }
            pending.append(contentsOf: next.childElements.reversed())
        }
        return nil
    }

    /// Its text with white space collapsed; nil when there is none.
    var collapsedText: String? {
        let text = collapseWhiteSpace(text)
        return text.isEmpty ? nil : text
    }

    /// A controlled-vocabulary code's value without its scheme: `stat:usable` → `usable`.
    static func codeValue(_ code: String?) -> String? {
        guard let code, let value = code.split(separator: ":").last.map(String.init), !value.isEmpty else { return nil }
        return value
    }
}
