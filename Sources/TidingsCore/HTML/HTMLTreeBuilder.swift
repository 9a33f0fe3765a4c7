import CLibXML2

/// Parses HTML with libxml2's error-tolerant parser into ``HTMLElement``s.
///
/// libxml2 reports the page through its SAX interface and this builder keeps only what
/// extraction reads, so memory follows the page's text rather than libxml2's node size.
/// Limits keep hostile pages bounded: elements nested deeper than `maxDepth` are not
/// created (their text goes to the deepest element kept), and a page with more than
/// `maxElements` elements is rejected.
final class HTMLTreeBuilder {
    struct Limits: Sendable {
        var maxDepth: Int
        var maxElements: Int
        var maxAttributes: Int

        init(_ limits: ParserLimits = ParserLimits()) {
            maxDepth = limits.maxHTMLDepth
            maxElements = limits.maxHTMLElements
            maxAttributes = limits.maxHTMLAttributes
        }
    }

    private let limits: Limits
    private let document = HTMLElement(name: "#document")
    private var open: [HTMLElement]
    /// Elements started past `maxDepth` and not yet ended.
    private var skippedDepth = 0
    private var elementCount = 0
    private var failure: Rejection?
    private var context: htmlParserCtxtPtr?
    /// Text reported since the last tag, added to the open element at the next tag: libxml2
    /// reports text in pieces, and joining them here keeps that linear.
    private var pendingText = ""

    private init(limits: Limits) {
        self.limits = limits
        open = [document]
    }

    /// The document node of `utf8` (UTF-8 without a byte-order mark), whose children are the
    /// page's top elements — `html`, which libxml2 adds when the page leaves it out.
    static func parse(utf8 bytes: [UInt8], limits: Limits = Limits()) throws(Rejection) -> HTMLElement {
        libxml2Initialised
        try HTMLShapeCheck.check(bytes, maxAttributes: limits.maxAttributes)
        let builder = HTMLTreeBuilder(limits: limits)
        try builder.run(bytes)
        return builder.document
    }

    /// libxml2 must be initialised once before threads parse at the same time.
    private static let libxml2Initialised: Void = xmlInitParser()

    private func run(_ bytes: [UInt8]) throws(Rejection) {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            HTMLTreeBuilder.from(context).start(name, attributes)
        }
        handler.endElement = { context, _ in HTMLTreeBuilder.from(context).end() }
        handler.characters = { context, characters, length in HTMLTreeBuilder.from(context).text(characters, length) }
        // White space between inline elements separates words: it is text too.
        handler.ignorableWhitespace = handler.characters
        // Script and style content arrives as CDATA; JSON-LD metadata is read from it.
        handler.cdataBlock = handler.characters

        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let context = htmlCreatePushParserCtxt(&handler, me, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            throw Rejection(.tooLarge, "the HTML parser could not allocate memory")
        }
        self.context = context
        defer { htmlFreeParserCtxt(context); self.context = nil }
        // The bytes are UTF-8 already (see HTMLCharset): a <meta charset> must not switch
        // the decoder half-way. Errors are tolerated silently, as browsers do; no network.
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
        htmlCtxtUseOptions(context, Int32(options))

        let chunkSize = 64 * 1024
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                var offset = 0
                while offset < characters.count, failure == nil {
                    let length = min(chunkSize, characters.count - offset)
                    htmlParseChunk(context, characters.baseAddress! + offset, Int32(length), 0)
                    offset += length
                }
                if failure == nil { htmlParseChunk(context, nil, 0, 1) }
            }
        }
        if let failure { throw failure }
        flushText()
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> HTMLTreeBuilder {
        Unmanaged<HTMLTreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    private func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard failure == nil else { return }
        if open.count > limits.maxDepth || skippedDepth > 0 {
            skippedDepth += 1
            return
        }
        flushText()
        elementCount += 1
        if elementCount > limits.maxElements {
            failure = Rejection(.tooComplex, "HTML page with more than \(limits.maxElements) elements (a news page has a few thousand)")
            xmlStopParser(context)
            return
        }
        var values: [String: String] = [:]
        if var pair = attributes {
            while let key = pair.pointee {
                let value = (pair + 1).pointee
                let attribute = Self.string(key).lowercased()
                if values[attribute] == nil { values[attribute] = value.map(Self.string) ?? "" }
                pair += 2
            }
        }
        let element = HTMLElement(name: name.map(Self.string)?.lowercased() ?? "", attributes: values)
        open[open.count - 1].append(element)
        open.append(element)
    }

    private func end() {
        if skippedDepth > 0 { skippedDepth -= 1; return }
        flushText()
        if open.count > 1 { open.removeLast() }
    }

    private func text(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard failure == nil, let characters, length > 0 else { return }
        pendingText += String(decoding: UnsafeBufferPointer(start: characters, count: Int(length)), as: UTF8.self)
    }

    private func flushText() {
        guard !pendingText.isEmpty else { return }
        open[open.count - 1].append(text: pendingText)
        pendingText = ""
    }

    private static func string(_ characters: UnsafePointer<xmlChar>) -> String {
        String(cString: characters)
    }
}
