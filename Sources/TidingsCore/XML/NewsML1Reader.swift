/// Reads IPTC NewsML 1.2 (`NewsML` root, one or more `NewsItem`s), as AFP, AAP, PA and
/// others still send it.
///
/// Per item: identity from `NewsIdentifier` (`PublicIdentifier`, else provider, date and
/// item id; `RevisionId` as the version), status from `NewsManagement/Status`, the
/// headline, byline and dateline from the first `NewsLines`, the provider from
/// `AdministrativeMetadata/Provider/Party`, the language from `DescriptiveMetadata`, the
/// times from `NewsManagement`, and the body from the first text `ContentItem`'s
/// `DataContent` (NITF, XHTML or plain text). Items whose components carry only photos,
/// graphics, video or audio are rejected, named by what they carry.
struct NewsML1Reader {
    var rules: [BoilerplateRule]

    static func reads(_ root: HTMLElement) -> Bool { root.name == "newsml" || root.name == "newsitem" && root.child("newscomponent") != nil }

    func read(_ root: HTMLElement, raw: [UInt8]) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        let items = root.name == "newsitem" ? [root] : root.children("newsitem")
        guard !items.isEmpty else { throw Rejection(.noBody, "no article: a NewsML 1.2 document that carries no NewsItem") }
        return items.map { item in Result { () throws(Rejection) in try article(item, raw: raw) } }
    }

    private func article(_ newsItem: HTMLElement, raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        var item = WireItem()
        if let identifier = newsItem.path("identification", "newsidentifier") {
            item.guid = identifier.child("publicidentifier")?.collapsedText.map(Self.withoutRevision)
                ?? [identifier.child("providerid"), identifier.child("dateid"), identifier.child("newsitemid")]
                    .compactMap { $0?.collapsedText }.joined(separator: ":").nonEmpty
            item.version = identifier.child("revisionid")?.collapsedText.flatMap { Int($0) }
        }
        let management = newsItem.child("newsmanagement")
        item.status = management?.child("status")?["formalname"].flatMap(PublicationStatus.init(code:))
        item.published = management?.child("firstcreated")?.collapsedText ?? management?.child("thisrevisioncreated")?.collapsedText
        let components = [newsItem] + newsItem.descendants.filter { $0.name == "newscomponent" }
        if let lines = components.lazy.compactMap({ $0.child("newslines") }).first {
            item.title = lines.child("headline")?.collapsedText
            item.byline = lines.child("byline")?.collapsedText
            item.dateline = lines.child("dateline")?.collapsedText
        }
        item.source = components.lazy.compactMap { $0.path("administrativemetadata", "provider", "party")?["formalname"] }.first
            ?? components.lazy.compactMap { $0.path("administrativemetadata", "source", "party")?["formalname"] }.first
        item.language = components.lazy.compactMap { $0.path("descriptivemetadata", "language")?["formalname"] }.first

        let contentItems = newsItem.descendants.filter { $0.name == "contentitem" }
        let text = contentItems.first { Self.mediaType(of: $0) == "text" && $0.child("datacontent") != nil }
        if let data = text?.child("datacontent") {
            if let nitf = data.firstDescendant("nitf") {
                item = item.filled(from: NITFReader.read(nitf))
            } else if data.childElements.isEmpty {
                item.paragraphs = XMLStoryText.paragraphs(ofPlainText: data.text)
            } else {
                item.paragraphs = XMLStoryText.paragraphs(of: data.firstDescendant("body") ?? data)
            }
        } else if text == nil, item.title == nil || !contentItems.isEmpty {
            let kinds = Set(contentItems.compactMap(Self.mediaType(of:))).sorted()
            if !kinds.isEmpty, !kinds.contains("text") {
                throw Rejection(.unsupportedFormat, "not an article: a NewsML 1.2 item carrying \(kinds.joined(separator: ", ")) content and no text")
            }
        }
        return try item.article(format: .newsML1, raw: raw, rules: rules, what: "a NewsML 1.2 item")
    }

    private static func mediaType(of contentItem: HTMLElement) -> String? {
        contentItem.child("mediatype")?["formalname"]?.lowercased()
    }

    /// `urn:newsml:afp.com:20260101:TX-PAR-ABC12:2` names revision 2 of an item: the item
    /// is the part before the revision (and its `RevisionId` the version).
    private static func withoutRevision(_ urn: String) -> String {
        let parts = urn.split(separator: ":", omittingEmptySubsequences: false)
        guard urn.lowercased().hasPrefix("urn:newsml:"), parts.count >= 6 else { return urn }
        return parts.dropLast().joined(separator: ":")
    }
}

extension String {
    /// Nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
