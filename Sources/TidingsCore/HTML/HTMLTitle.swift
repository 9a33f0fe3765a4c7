import Foundation

/// The title a reader shows for a page, chosen as Mozilla's reader view chooses it: the
/// schema.org article's name (or its headline, when only the headline matches the page's
/// `<title>`), else the Dublin Core, Open Graph, Weibo, plain, Twitter or Parse.ly title,
/// else the `<title>` cut at a separator (`Headline | Site`, `Site: Headline`) when what
/// remains still reads as a headline.
enum HTMLTitle {
    /// The title values of the page's `<meta>` tags, named as the patterns of
    /// ``metaKey(property:name:)`` name them; a later tag wins over an earlier one.
    struct MetaValues {
        private(set) var values: [String: String] = [:]

        mutating func add(property: String?, name: String?, content: String) {
            let content = content.trimmingWhiteSpace()
            guard !content.isEmpty else { return }
            if let property, let key = Self.propertyKey(property) {
                values[key] = content
            } else if let name, let key = Self.nameKey(name) {
                values[key] = content
            }
        }

        subscript(key: String) -> String? { values[key] }

        /// `property="og:title"`, `property="dc:title og:title"` (the first that fits).
        private static func propertyKey(_ property: String) -> String? {
            for token in property.lowercased().split(whereSeparator: \.isWhitespace) {
                let parts = token.split(separator: ":", maxSplits: 1).map { $0.trimmingWhiteSpace() }
                guard parts.count == 2, ["article", "dc", "dcterm", "og", "twitter"].contains(parts[0]),
                      ["author", "creator", "description", "published_time", "title", "site_name"].contains(parts[1]) else { continue }
                return parts[0] + ":" + parts[1]
            }
            return nil
        }

        /// `name="title"`, `name="twitter:title"`, `name="dc.title"`, `name="parsely-title"`.
        private static func nameKey(_ name: String) -> String? {
            let key = name.lowercased().filter { !$0.isWhitespace }.replacingOccurrences(of: ".", with: ":")
            let fields = ["author", "creator", "pub-date", "description", "title", "site_name"]
            if fields.contains(key) { return key }
            for prefix in ["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"] {
                for separator in [":", "-"] where key.hasPrefix(prefix + separator) {
                    let field = String(key.dropFirst(prefix.count + 1))
                    if fields.contains(field) { return key }
                }
            }
            return nil
        }
    }

    static func choose(
        linkedData: HTMLJSONLD?, meta: MetaValues, documentTitle: String?, headings: [String], firstLevelHeadings: [String],
        pageHeadings: [String]
    ) -> String? {
        let fromDocument = { fromTitleElement(documentTitle ?? "", headings: headings, firstLevelHeadings: firstLevelHeadings) }
        var chosen: String?
        if let linkedData {
            if let name = linkedData.name, let headline = linkedData.headline, name != headline {
                let title = fromDocument()
                let nameMatches = HTMLArticleWalk.similarity(name, title) > 0.75
                let headlineMatches = HTMLArticleWalk.similarity(headline, title) > 0.75
                chosen = headlineMatches && !nameMatches ? headline : name
            } else {
                chosen = linkedData.name ?? linkedData.headline
            }
        }
        chosen = chosen ?? ["dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title", "twitter:title", "parsely-title"]
            .lazy.compactMap { meta[$0] }.first
        if let chosen {
            // Metadata says what the page calls itself, site name included if it says so.
            let cleaned = collapseWhiteSpace(HTMLEntities.decode(chosen))
            return cleaned.isEmpty ? nil : cleaned
        }
        let uncut = collapseWhiteSpace(HTMLEntities.decode(documentTitle ?? ""))
        let cleaned = headline(in: uncut, headings: pageHeadings) ?? collapseWhiteSpace(HTMLEntities.decode(fromDocument()))
        return cleaned.isEmpty ? nil : cleaned
    }

    /// Characters that set a site's or a section's name apart from a headline.
    static let nameSeparators: Set<Character> = separators.union([":", "_", "·", "•", "~", "«"])

    /// The heading a reader sees, when `title` is that heading with a name set apart by a
    /// separator before or after it (`Site: Headline`, `Headline_Site`, `Headline | Site`):
    /// whatever the language, the heading is the headline and the rest is the site.
    static func headline(in title: String, headings: [String]) -> String? {
        var best: String?
        for heading in headings.map(collapseWhiteSpace) where heading.count >= 10 && heading.count < title.count {
            let rest: Substring
            let separatorAt: Character?
            if title.hasPrefix(heading) {
                rest = title.dropFirst(heading.count)
                separatorAt = rest.first { !$0.isWhitespace }
            } else if title.hasSuffix(heading) {
                rest = title.dropLast(heading.count)
                separatorAt = rest.last { !$0.isWhitespace }
            } else {
                continue
            }
            guard let separatorAt, nameSeparators.contains(separatorAt), rest.trimmingWhiteSpace().count < heading.count else { continue }
            if heading.count > best?.count ?? 0 { best = heading }
        }
        return best
    }

    static let separators: Set<Character> = ["|", "-", "–", "—", "\\", "/", ">", "»"]
    static let hierarchical: Set<Character> = ["\\", "/", ">", "»"]

    /// The `<title>`, without the site's name when a separator or a colon sets it apart.
    static func fromTitleElement(_ original: String, headings: [String], firstLevelHeadings: [String]) -> String {
        let original = original.trimmingWhiteSpace()
        var title = original
        var hadHierarchicalSeparators = false
        let characters = Array(original)
        // " | " and kin: a separator with a space on each side.
        let separatorIndices = characters.indices.filter { index in
            index > 0 && index + 1 < characters.count && characters[index - 1] == " " && characters[index + 1] == " "
                && separators.contains(characters[index])
        }
        if let last = separatorIndices.last, let first = separatorIndices.first {
            hadHierarchicalSeparators = separatorIndices.contains { hierarchical.contains(characters[$0]) }
            title = String(characters[..<(last - 1)])
            if wordCount(title) < 3 { title = String(characters[(first + 1)...]) }
        } else if original.contains(": ") {
            let trimmed = original.trimmingWhiteSpace()
            if !headings.contains(where: { $0.trimmingWhiteSpace() == trimmed }) {
                let afterLast = String(original[original.index(after: original.lastIndex(of: ":")!)...])
                title = afterLast
                if wordCount(title) < 3 {
                    title = String(original[original.index(after: original.firstIndex(of: ":")!)...])
                } else if wordCount(String(original[..<original.firstIndex(of: ":")!])) > 5 {
                    title = original
                }
            }
        } else if original.count > 150 || original.count < 15, firstLevelHeadings.count == 1 {
            title = firstLevelHeadings[0]
        }
        title = collapseWhiteSpace(title)
        let words = wordCount(title)
        let withoutSeparators = String(original.filter { !separators.contains($0) })
        if words <= 4 && (!hadHierarchicalSeparators || words != wordCount(withoutSeparators) - 1) {
            title = original
        }
        return title
    }

    private static func wordCount(_ text: String) -> Int {
        // As `split(/\s+/)` counts: empty pieces at the ends count too.
        var count = 1
        var inSpace = false
        for character in text {
            if character.isWhitespace {
                if !inSpace { count += 1 }
                inSpace = true
            } else {
                inSpace = false
            }
        }
        return count
    }
}
