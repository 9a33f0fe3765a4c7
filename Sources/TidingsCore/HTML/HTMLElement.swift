/// One element of a parsed HTML page: what article extraction reads of it — its name,
/// attributes and content — and nothing a browser would need besides.
///
/// Built by ``HTMLTreeBuilder``; a page's elements live as long as its parse.
final class HTMLElement {
    /// The tag name, lower-cased (`div`, `p`, `meta`).
    let name: String
    /// Attribute names are lower-cased; when a name repeats, the first value wins, as in browsers.
    let attributes: [String: String]
    private(set) var children: [HTMLNode] = []
    private(set) weak var parent: HTMLElement?

    init(name: String, attributes: [String: String] = [:]) {
        self.name = name
        self.attributes = attributes
    }

    func append(_ child: HTMLElement) {
        child.parent = self
        children.append(.element(child))
    }

    /// Appends text, joined to the text just before it so that a run of text is one node.
    func append(text: String) {
        if case .text(let previous)? = children.last {
            children[children.count - 1] = .text(previous + text)
        } else {
            children.append(.text(text))
        }
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    /// Every element below this one, in document order (depth first), without recursion:
    /// a page may nest as deep as the builder allows.
    var descendants: [HTMLElement] {
        var found: [HTMLElement] = []
        var pending: [HTMLElement] = childElements.reversed()
        while let next = pending.popLast() {
            found.append(next)
            pending.append(contentsOf: next.childElements.reversed())
        }
        return found
    }

    var childElements: [HTMLElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The page's main heading: the only `h1`, or else the first inside `article` or `main`,
    /// or else the first.
    var mainHeading: HTMLElement? {
        let headings = descendants.filter { $0.name == "h1" }
        if headings.count <= 1 { return headings.first }
        return headings.first { heading in
            var current = heading.parent
            while let element = current {
                if element.name == "article" || element.name == "main" { return true }
                current = element.parent
            }
            return false
        } ?? headings.first
    }

    /// Whether `ancestor` holds this element, at any depth.
    func isDescendant(of ancestor: HTMLElement) -> Bool {
        var current = parent
        while let element = current {
            if element === ancestor { return true }
            current = element.parent
        }
        return false
    }

    /// All the text below this element, as written (white space not collapsed).
    var text: String {
        var out = ""
        var pending: [HTMLNode] = children.reversed()
        while let next = pending.popLast() {
            switch next {
            case .text(let text): out += text
            case .element(let element): pending.append(contentsOf: element.children.reversed())
            }
        }
        return out
    }
}

/// An element's content: an element or a run of text.
enum HTMLNode {
    case element(HTMLElement)
    case text(String)
}
