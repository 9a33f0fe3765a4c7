/// One element of a parsed HTML page: what article extraction reads of it — its name,
/// attributes and content — and nothing a browser would need besides.
///
/// Built by ``HTMLTreeBuilder``; a page's elements live as long as its parse.
final class HTMLElement {
    /// The tag name, lower-cased (`div`, `p`, `meta`). Extraction renames a few elements
    /// (a `div` that holds only a paragraph's text becomes a `p`), as browsers' readers do.
    var name: String
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

    /// Replaces this element's content. Elements in `nodes` become its children; former
    /// children left out (and not adopted elsewhere meanwhile) no longer have a parent.
    func setChildren(_ nodes: [HTMLNode]) {
        let kept = Set(nodes.compactMap { if case .element(let child) = $0 { ObjectIdentifier(child) } else { nil } })
        for case .element(let old) in children where old.parent === self && !kept.contains(ObjectIdentifier(old)) { old.parent = nil }
        for case .element(let child) in nodes { child.parent = self }
        children = nodes
    }

    /// A deep copy of this element and everything below it, without a parent: extraction
    /// changes a copy, so that each attempt starts from the page as parsed.
    func copy() -> HTMLElement {
        let root = HTMLElement(name: name, attributes: attributes)
        var pending: [(original: HTMLElement, copy: HTMLElement)] = [(self, root)]
        while let (original, copy) = pending.popLast() {
            copy.children.reserveCapacity(original.children.count)
            for child in original.children {
                switch child {
                case .text(let text): copy.children.append(.text(text))
                case .element(let element):
                    let copied = HTMLElement(name: element.name, attributes: element.attributes)
                    copied.parent = copy
                    copy.children.append(.element(copied))
                    pending.append((element, copied))
                }
            }
        }
        return root
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

    /// Whether its `style` hides it or lays it over the page (consent walls, sign-up
    /// prompts, sticky bars): `display:none`, `visibility:hidden`, `position:fixed`.
    var isHiddenByStyle: Bool {
        guard let style = self["style"]?.lowercased().filter({ !$0.isWhitespace }) else { return false }
        return style.contains("display:none") || style.contains("visibility:hidden") || style.contains("position:fixed")
    }

    /// Takes `elements` out of their parents, each parent rebuilt once.
    static func detach(_ elements: [HTMLElement]) {
        var byParent: [ObjectIdentifier: (parent: HTMLElement, children: Set<ObjectIdentifier>)] = [:]
        for element in elements {
            guard let parent = element.parent else { continue }
            byParent[ObjectIdentifier(parent), default: (parent, [])].children.insert(ObjectIdentifier(element))
        }
        for (parent, children) in byParent.values {
            parent.setChildren(parent.children.filter { if case .element(let child) = $0 { !children.contains(ObjectIdentifier(child)) } else { true } })
        }
    }

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
