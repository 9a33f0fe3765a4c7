/// Reads an IPTC NITF 3.x document (`nitf` element), standalone or inside NewsML.
///
/// Headline: `hedline/hl1` (else `head/title`); byline: `byline` (its `byttl` title
/// left out); dateline: `dateline` (its `location` and `story.date`); published:
/// `docdata/date.issue` or `date.release` (`norm`); identity: `docdata/doc-id`; status:
/// `docdata/@management-status`; source: `distributor`, else `doc.copyright/@holder`;
/// body: `body.content`.
enum NITFReader {
    /// What the document says, its `abstract` as the summary.
    static func read(_ nitf: HTMLElement) -> WireItem {
        var story = WireItem()
        let head = nitf.child("head")
        let bodyHead = nitf.child("body")?.child("body.head")
        story.title = bodyHead?.child("hedline")?.child("hl1")?.collapsedText ?? head?.child("title")?.collapsedText
        if let byline = bodyHead?.child("byline") {
            let copy = byline.copy()
            HTMLElement.detach(copy.children("byttl"))
            story.byline = copy.collapsedText.map(Self.trimmed) ?? byline.collapsedText
        }
        if let dateline = bodyHead?.child("dateline") {
            story.dateline = dateline.collapsedText.map(Self.trimmed)
            story.published = dateline.child("story.date")?["norm"]
        }
        story.source = bodyHead?.child("distributor")?.collapsedText
        story.summary = bodyHead?.child("abstract").map(XMLStoryText.paragraphs(of:)) ?? []
        if let docdata = head?.child("docdata") {
            story.guid = docdata.child("doc-id")?["id-string"].flatMap(Self.nonEmpty)
            story.published = docdata.child("date.issue")?["norm"] ?? docdata.child("date.release")?["norm"] ?? story.published
            story.source = story.source ?? docdata.child("doc.copyright")?["holder"].flatMap(Self.nonEmpty)
            story.status = docdata["management-status"].flatMap(PublicationStatus.init(code:))
        }
        story.language = nitf["lang"] ?? nitf["baselang"] ?? nitf.child("body")?["lang"]
        if let content = nitf.child("body")?.child("body.content") {
            story.paragraphs = XMLStoryText.paragraphs(of: content)
        }
        return story
    }

    /// A byline or dateline without the separators NITF writers leave at its ends.
    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, ",;–—-".contains(last) || last == " " { text.removeLast() }
        return String(text)
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingWhiteSpace()
        return trimmed.isEmpty ? nil : trimmed
    }
}
