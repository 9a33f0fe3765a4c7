import CLibXML2

/// Parses HTML with libxml2's error-tolerant parser into ``HTMLElement``s.
///
/// libxml2 reports the page through its SAX interface and this builder keeps only what
/// extraction reads, so memory follows the page's text rather than libxml2's node size.
/// Limits keep hostile pages bounded (``ElementTreeGrowth``).
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

    private let tree: ElementTreeGrowth
    private var failure: Rejection?
    private var context: htmlParserCtxtPtr?

    private init(limits: Limits) {
        tree = ElementTreeGrowth(limits: limits, documentKind: "HTML page")
    }

    /// The document node of `utf8` (UTF-8 without a byte-order mark), whose children are the
    /// page's top elements — `html`, which libxml2 adds when the page leaves it out.
    static func parse(utf8 bytes: [UInt8], limits: Limits = Limits()) throws(Rejection) -> HTMLElement {
        libxml2Initialised
        try HTMLShapeCheck.check(bytes, maxAttributes: limits.maxAttributes)
        let builder = HTMLTreeBuilder(limits: limits)
        try builder.run(bytes)
        return builder.tree.document
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

        ElementTreeGrowth.feed(bytes, failed: { failure != nil }) { htmlParseChunk(context, $0, $1, $2) }
        if let failure { throw failure }
        tree.finish()
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> HTMLTreeBuilder {
        Unmanaged<HTMLTreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    private func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard failure == nil else { return }
        do {
            guard try tree.enter() else { return }
        } catch {
            failure = error
            xmlStopParser(context)
            return
        }
        var values: [String: String] = [:]
        if var pair = attributes {
            while let key = pair.pointee {
                let value = (pair + 1).pointee
                let attribute = String(cString: key).lowercased()
                if values[attribute] == nil { values[attribute] = value.map { String(cString: $0) } ?? "" }
                pair += 2
            }
        }
        tree.add(HTMLElement(name: name.map { String(cString: $0) }?.lowercased() ?? "", attributes: values))
    }

    private func end() { tree.leave() }

    private func text(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard failure == nil else { return }
        tree.append(characters, length)
    }
}
