/// Reads IPTC NewsML-G2: a `newsItem`, or a `newsMessage` that carries several items.
///
/// A text item (`itemClass` `ninat:text`) becomes an article: headline from
/// `contentMeta/headline` (else the NITF `hl1`), byline from `contentMeta/by` or the
/// creator's name, dateline from `contentMeta/dateline` or the `located` name, source
/// from the provider (else the info source, else the copyright holder), published from
/// `firstCreated` (else `versionCreated`, `contentCreated`), language from
/// `contentMeta/language` or `xml:lang`, identity from `guid` and `version`, status from
/// `pubStatus`. The body is the first rendition in `contentSet` that has text: NITF or
/// XHTML in `inlineXML`, or plain text in `inlineData`; else the `description`.
///
/// Every other kind of item is named in its rejection: a photo, a video, a package, a
/// concept, a knowledge item, a planning item, a catalog.
struct NewsMLG2Reader {
    var rules: [BoilerplateRule]

    /// The root names NewsML-G2 defines, and what each one is, for rejections.
    static let itemKinds: [String: String] = [
        "newsitem": "a news item", "packageitem": "a package item (a list of other items, no text of its own)",
        "conceptitem": "a concept item (a subject, person or event description, not a story)",
        "knowledgeitem": "a knowledge item (a set of concepts, not a story)",
        "planningitem": "a planning item (coverage planned, not a story)",
        "catalogitem": "a catalog item (a vocabulary of codes, not a story)",
        "catalog": "a catalog (a vocabulary of codes, not a story)",
        "newsmessage": "a news message",
    ]

    /// Whether `root` is a NewsML-G2 document this reader answers for.
    static func reads(_ root: HTMLElement) -> Bool { itemKinds[root.name] != nil }

    func read(_ root: HTMLElement, raw: [UInt8]) throws(Rejection) -> [Result<ParsedArticle, Rejection>] {
        switch root.name {
        case "newsitem":
            return [Result { () throws(Rejection) in try item(root, raw: raw) }]
        case "newsmessage":
            let items = root.child("itemset")?.childElements ?? []
            guard !items.isEmpty else {
                throw Rejection(.noBody, "no article: a NewsML-G2 news message that carries no item")
            }
            return items.map { element in
                Result { () throws(Rejection) in
                    guard element.name == "newsitem" else { throw Self.notAnArticle(element.name) }
                    return try item(element, raw: raw)
                }
            }
        default:
            throw Self.notAnArticle(root.name)
        }
    }

    static func notAnArticle(_ name: String) -> Rejection {
        Rejection(.unsupportedFormat, "not an article: \(itemKinds[name] ?? "a NewsML-G2 \(name)")")
    }

    private func item(_ newsItem: HTMLElement, raw: [UInt8]) throws(Rejection) -> ParsedArticle {
        let itemMeta = newsItem.child("itemmeta")
        let contentMeta = newsItem.child("contentmeta")
        let itemClass = HTMLElement.codeValue(itemMeta?.child("itemclass")?["qcode"])?.lowercased() ?? "text"
        guard itemClass == "text" else {
            throw Rejection(.unsupportedFormat, "not an article: a NewsML-G2 \(Self.describe(itemClass: itemClass)) item (itemClass \(itemClass))")
        }
        var item = WireItem()
        item.guid = newsItem["guid"]
        item.version = newsItem["version"].flatMap { Int($0.trimmingWhiteSpace()) }
        item.status = itemMeta?.child("pubstatus")?["qcode"].flatMap(PublicationStatus.init(code:))
        if let signals = itemMeta?.children("signal"), signals.contains(where: { HTMLElement.codeValue($0["qcode"])?.lowercased() == "kill" }) {
            item.status = .canceled
        }
        item.title = contentMeta?.children("headline").first { $0["role"]?.hasSuffix("main") ?? false }?.collapsedText
            ?? contentMeta?.child("headline")?.collapsedText ?? itemMeta?.child("title")?.collapsedText
        item.byline = contentMeta?.child("by")?.collapsedText ?? contentMeta?.child("creator")?.child("name")?.collapsedText
        item.dateline = contentMeta?.child("dateline")?.collapsedText ?? contentMeta?.child("located")?.child("name")?.collapsedText
        item.source = Self.partyName(itemMeta?.child("provider")) ?? Self.partyName(contentMeta?.child("infosource"))
            ?? newsItem.path("rightsinfo", "copyrightholder", "name")?.collapsedText
        item.published = itemMeta?.child("firstcreated")?.collapsedText ?? itemMeta?.child("versioncreated")?.collapsedText
            ?? contentMeta?.child("contentcreated")?.collapsedText
        item.language = contentMeta?.child("language")?["tag"] ?? newsItem["lang"]
        item.summary = (contentMeta?.children("description") ?? []).compactMap(\.collapsedText)

        let body = contentSetText(newsItem.child("contentset"))
        if let content = body.content { item = item.filled(from: content) }
        if item.paragraphs.isEmpty, body.remoteOnly, item.summary.isEmpty, item.title == nil {
            throw Rejection(.noBody, "no article text: a NewsML-G2 text item whose text is in a remote file (remoteContent), which is never fetched")
        }
        return try item.article(format: .newsMLG2, raw: raw, rules: rules, what: "a NewsML-G2 text item")
    }

    /// The first rendition in `contentSet` that has text (an NITF document says more than
    /// its text), and whether there was only remote content.
    private func contentSetText(_ contentSet: HTMLElement?) -> (content: WireItem?, remoteOnly: Bool) {
        guard let contentSet else { return (nil, false) }
        var sawRemote = false
        for content in contentSet.childElements {
            var text = WireItem()
            switch content.name {
            case "inlinexml":
                if let nitf = content.firstDescendant("nitf") {
                    text = NITFReader.read(nitf)
                } else {
                    // Other XML vocabularies (SportsML, financial data) are data, not prose.
                    let type = content["contenttype"]?.lowercased() ?? "application/xhtml+xml"
                    guard type.contains("html") || type.hasPrefix("text/") else { continue }
                    text.paragraphs = XMLStoryText.paragraphs(of: content.firstDescendant("body") ?? content)
                }
            case "inlinedata":
                text.paragraphs = XMLStoryText.paragraphs(ofPlainText: content.text)
            case "remotecontent":
                sawRemote = true
            default:
                break
            }
            if !text.paragraphs.isEmpty { return (text, false) }
        }
        return (nil, sawRemote)
    }

    /// A provider or source: its `name`, else its code or address without the scheme.
    private static func partyName(_ party: HTMLElement?) -> String? {
        guard let party else { return nil }
        if let name = party.child("name")?.collapsedText { return name }
        if let code = HTMLElement.codeValue(party["qcode"]) { return code }
        return party["uri"].flatMap { uri in uri.split(separator: "/").first { $0.contains(".") }.map(String.init) } ?? party["literal"]
    }

    private static func describe(itemClass: String) -> String {
        switch itemClass {
        case "picture": "photo"
        case "graphic": "graphic"
        case "video": "video"
        case "audio": "audio"
        case "composite": "composite (events or other non-text content)"
        case "interactive": "interactive"
        default: itemClass
        }
    }
}
