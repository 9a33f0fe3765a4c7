import CLibXML2

/// Parses an XML document with libxml2's SAX interface into ``HTMLElement``s (one small
/// element tree for both markups), safely:
///
/// - no network (`XML_PARSE_NONET`) and no DTD is loaded;
/// - no entity is ever expanded or fetched: a document that declares one — the shape of
///   a billion-laughs bomb and of an external-entity read — is rejected at the
///   declaration, before any reference to it. No news format declares its own entities.
///   A reference to an undeclared name that HTML knows (`&eacute;`, common in NITF, whose
///   DTD declares them) is read as HTML would read it;
/// - the element limits of web pages (``ElementTreeGrowth``).
///
/// Element names are the local names (namespace prefixes dropped), lower-cased: NewsML 1.2
/// writes `NewsItem`, NewsML-G2 `newsItem`, and readers of both match one spelling.
/// Attribute names are local names, lower-cased, too.
final class XMLTreeBuilder {
    /// The parsed document, and whether libxml2 found it well-formed.
    struct Document {
        /// The document node; its one child element is the root.
        let node: HTMLElement
        /// The first well-formedness error, with its line; nil for a well-formed document.
        let error: String?

        var root: HTMLElement? { node.childElements.first }
    }

    private let tree: ElementTreeGrowth
    private var failure: Rejection?
    private var firstError: String?
    private var context: xmlParserCtxtPtr?

    private init(limits: HTMLTreeBuilder.Limits) {
        tree = ElementTreeGrowth(limits: limits, documentKind: "XML document")
    }

    /// Parses `bytes` (UTF-8, or the encoding the XML declaration names). Throws only for
    /// a document over the limits; a malformed one comes back with its ``Document/error``
    /// and the elements read up to it, to be judged by the caller.
    static func parse(_ bytes: [UInt8], limits: HTMLTreeBuilder.Limits = .init()) throws(Rejection) -> Document {
        xmlParserInitialised
        try HTMLShapeCheck.check(bytes, maxAttributes: limits.maxAttributes)
        let builder = XMLTreeBuilder(limits: limits)
        try builder.run(bytes)
        return Document(node: builder.tree.document, error: builder.firstError)
    }

    private static let xmlParserInitialised: Void = xmlInitParser()

    private func run(_ bytes: [UInt8]) throws(Rejection) {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            XMLTreeBuilder.from(context).start(localName, Int(attributeCount), attributes)
        }
        handler.endElementNs = { context, _, _, _ in XMLTreeBuilder.from(context).end() }
        handler.characters = { context, characters, length in XMLTreeBuilder.from(context).text(characters, length) }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        handler.reference = { context, name in XMLTreeBuilder.from(context).reference(name) }
        handler.serror = { context, error in
            guard let context, let error else { return }
            XMLTreeBuilder.from(context).noteError(error.pointee)
        }
        handler.entityDecl = { context, name, _, _, systemID, _ in XMLTreeBuilder.from(context).declared(name, systemID) }
        // No getEntity, externalSubset or resolveEntity: nothing is recorded, fetched or expanded.

        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&handler, me, nil, 0, nil) else {
            throw Rejection(.tooLarge, "the XML parser could not allocate memory")
        }
        self.context = context
        defer {
            if let doc = context.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(context)
            self.context = nil
        }
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOCDATA.rawValue
        xmlCtxtUseOptions(context, Int32(options))

        ElementTreeGrowth.feed(bytes, failed: { failure != nil }) { xmlParseChunk(context, $0, $1, $2) }
        if let failure { throw failure }
        tree.finish()
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> XMLTreeBuilder {
        Unmanaged<XMLTreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    private func start(_ name: UnsafePointer<xmlChar>?, _ attributeCount: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard failure == nil else { return }
        do {
            guard try tree.enter() else { return }
        } catch {
            failure = error
            xmlStopParser(context)
            return
        }
        var values: [String: String] = [:]
        if let attributes {
            // Five pointers an attribute: local name, prefix, URI, value start, value end.
            for index in 0..<attributeCount {
                let base = attributes + 5 * index
                guard let key = base.pointee, let start = (base + 3).pointee, let end = (base + 4).pointee else { continue }
                let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                let attribute = String(cString: key).lowercased()
                if values[attribute] == nil { values[attribute] = value }
            }
        }
        tree.add(HTMLElement(name: name.map { String(cString: $0) }?.lowercased() ?? "", attributes: values))
    }

    private func end() { tree.leave() }

    private func text(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard failure == nil else { return }
        tree.append(characters, length)
    }

    /// A reference to an entity no declaration was recorded for: HTML's named characters
    /// are read as such; anything else is dropped.
    private func reference(_ name: UnsafePointer<xmlChar>?) {
        guard failure == nil, let name, let entity = htmlEntityLookup(name), let scalar = Unicode.Scalar(entity.pointee.value) else { return }
        tree.append(text: String(Character(scalar)))
    }

    private func declared(_ name: UnsafePointer<xmlChar>?, _ systemID: UnsafePointer<xmlChar>?) {
        guard failure == nil else { return }
        let entity = name.map { String(cString: $0) } ?? "?"
        let external = systemID.map { " (external, \(String(cString: $0).debugDescription))" } ?? ""
        failure = Rejection(.refused, "refused: the XML document declares the entity \(entity)\(external); entities are never expanded or fetched (an entity bomb or an external-entity read looks like this)")
        xmlStopParser(context)
    }

    private func noteError(_ error: xmlError) {
        guard firstError == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) }?.trimmingWhiteSpace() ?? "malformed XML"
        firstError = "\(message) (line \(error.line))"
    }
}
