import CLibXML2

/// The element tree that libxml2's SAX events grow, for both markups (``HTMLTreeBuilder``,
/// ``XMLTreeBuilder``), within limits: elements nested deeper than `maxDepth` are not
/// created (their text goes to the deepest element kept), and a document of more than
/// `maxElements` elements is rejected. Text arrives in pieces and is joined here, so that
/// building stays linear in the document.
final class ElementTreeGrowth {
    let document = HTMLElement(name: "#document")
    private let limits: HTMLTreeBuilder.Limits
    /// "HTML page", "XML document": what the rejection calls the document.
    private let documentKind: String
    private var open: [HTMLElement]
    /// Elements started past `maxDepth` and not yet ended.
    private var skippedDepth = 0
    private var elementCount = 0
    private var pendingText = ""

    init(limits: HTMLTreeBuilder.Limits, documentKind: String) {
        self.limits = limits
        self.documentKind = documentKind
        open = [document]
    }

    /// At a start tag: false when the element is past the depth limit and is not kept;
    /// throws when the document has more elements than allowed.
    func enter() throws(Rejection) -> Bool {
        if open.count > limits.maxDepth || skippedDepth > 0 {
            skippedDepth += 1
            return false
        }
        flushText()
        elementCount += 1
        if elementCount > limits.maxElements {
            throw Rejection(.tooComplex, "\(documentKind) with more than \(limits.maxElements) elements (a news page has a few thousand)")
        }
        return true
    }

    /// The element `enter()` allowed, added to the one open and opened.
    func add(_ element: HTMLElement) {
        open[open.count - 1].append(element)
        open.append(element)
    }

    func leave() {
        if skippedDepth > 0 { skippedDepth -= 1; return }
        flushText()
        if open.count > 1 { open.removeLast() }
    }

    func append(text: String) { pendingText += text }

    func append(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard let characters, length > 0 else { return }
        pendingText += String(decoding: UnsafeBufferPointer(start: characters, count: Int(length)), as: UTF8.self)
    }

    func finish() { flushText() }

    private func flushText() {
        guard !pendingText.isEmpty else { return }
        open[open.count - 1].append(text: pendingText)
        pendingText = ""
    }

    /// Hands `bytes` to a libxml2 push parser in 64 KiB chunks, then ends the document,
    /// stopping early when `failed` says so.
    static func feed(_ bytes: [UInt8], failed: () -> Bool, chunk: (UnsafePointer<CChar>?, Int32, Int32) -> Void) {
        let chunkSize = 64 * 1024
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                var offset = 0
                while offset < characters.count, !failed() {
                    let length = min(chunkSize, characters.count - offset)
                    chunk(characters.baseAddress! + offset, Int32(length), 0)
                    offset += length
                }
                if !failed() { chunk(nil, 0, 1) }
            }
        }
    }
}
