/// Reads the XML formats news arrives in, by the document's root element: NewsML-G2
/// (``NewsMLG2Reader``), NITF (``NITFReader``), NewsML 1.2 (``NewsML1Reader``), Atom, RSS
/// and WordPress exports (``FeedReader``).
///
/// XML is parsed safely (``XMLTreeBuilder``: no network, no DTD, no entity expansion).
/// A document that is not well-formed is rejected with libxml2's first error and its line;
/// a well-formed one with a root none of the readers knows is rejected naming the root.
struct XMLArticleParser {
    var rules: [BoilerplateRule]
    var limits: ParserLimits

    /// The root names that make a file XML news whatever its first line says (a NewsML
    /// file without an XML declaration is still NewsML).
    static let rootNames: [String] = [
        "newsitem", "newsmessage", "packageitem", "conceptitem", "knowledgeitem", "planningitem", "catalogitem",
        "nitf", "newsml", "feed", "rss", "rdf:rdf", "rdf", "inlinexml", "contentset",
    ]

    func parse(_ bytes: [UInt8]) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        try parse(XMLTreeBuilder.parse(bytes, limits: HTMLTreeBuilder.Limits(limits)), raw: bytes)
    }

    /// Reads a document already parsed; `raw` is what is stored.
    func parse(_ document: XMLTreeBuilder.Document, raw bytes: [UInt8]) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        guard let root = document.root else {
            throw Rejection(.unsupportedFormat, "malformed XML: \(document.error ?? "no root element")")
        }
        if let error = document.error, !Self.isTolerable(error) {
            throw Rejection(.unsupportedFormat, "malformed XML: \(error)")
        }
        if NewsMLG2Reader.reads(root) { return try NewsMLG2Reader(rules: rules).read(root, raw: bytes) }
        if NewsML1Reader.reads(root) { return try NewsML1Reader(rules: rules).read(root, raw: bytes) }
        if FeedReader.reads(root) { return try FeedReader(rules: rules, limits: limits).read(root, raw: bytes) }
        if let nitf = root.name == "nitf" ? root : root.firstDescendant("nitf") {
            return [.success(try NITFReader.read(nitf).article(format: .nitf, raw: bytes, rules: rules, what: "an NITF document"))]
        }
        throw Rejection(.unsupportedFormat, "unsupported format: an XML document or fragment whose root element is <\(root.name)> (NewsML-G2, NewsML 1.2, NITF, Atom, RSS and WordPress exports are read)")
    }

    /// A reference to an entity the document declares itself, or its DTD would: the
    /// reference is dropped (never expanded) and the rest of the document is read.
    private static func isTolerable(_ error: String) -> Bool {
        error.hasPrefix("Entity '") && error.contains("not defined")
    }
}
