/// What an element's `class` and `id` suggest, by the word patterns Readability made
/// standard for content scoring: parts of names that mark the article (`article`, `body`,
/// `content`, `post`, `story`…) and parts that mark everything around it (`comment`,
/// `footer`, `sidebar`, `share`, `sponsor`…). Matching is on lower-cased substrings, as a
/// reader's case-insensitive regular expressions do, without their cost.
enum HTMLNamePatterns {
    /// Blocks unlikely to be the article (removed in the first, strictest attempt).
    static let unlikely = [
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus", "extra",
        "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
        "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
    ]
    /// …unless their name also says it may be the article after all.
    static let maybeCandidate = ["and", "article", "body", "column", "content", "main", "mathjax", "shadow"]
    static let positive = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post", "text", "blog", "story",
    ]
    static let negative = [
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media", "meta",
        "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget",
    ]
    static let byline = ["byline", "author", "dateline", "writtenby", "p-author"]

    /// `class` and `id` together, lower-cased: what the patterns are matched against.
    static func matchString(_ element: HTMLElement) -> String {
        let className = element["class"], id = element["id"]
        guard className != nil || id != nil else { return "" }  // most elements: nothing to build
        return ((className ?? "") + " " + (id ?? "")).lowercased()
    }

    /// Whether `text` holds one of `patterns`, compared as UTF-8 bytes: every element of
    /// every attempt is matched against these lists, and `String.contains` costs a searcher
    /// per call.
    static func contains(_ text: String, any patterns: [String]) -> Bool {
        var text = text
        guard text.utf8.count > 1 else { return false }  // neither a class nor an id
        return text.withUTF8 { haystack in
            patterns.contains { pattern in
                var pattern = pattern
                return pattern.withUTF8 { needle in Self.bytes(haystack, hold: needle) }
            }
        }
    }

    private static func bytes(_ haystack: UnsafeBufferPointer<UInt8>, hold needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let first = needle[0]
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first {
                var matched = 1
                while matched < needle.count && haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    static func isUnlikely(_ matchString: String) -> Bool {
        contains(matchString, any: unlikely) && !contains(matchString, any: maybeCandidate)
    }

    static func isNegative(_ name: String) -> Bool {
        contains(name, any: negative) || name.split(separator: " ").contains("hid")
    }

    static func isPositive(_ name: String) -> Bool { contains(name, any: positive) }

    /// A name that marks a share bar: `share` or `sharedaddy` as a word (or between `_`).
    static func isShare(_ name: String) -> Bool {
        name.split { !$0.isLetter && !$0.isNumber }.contains { $0 == "share" || $0 == "sharedaddy" }
    }

    /// +25 for a positive class and for a positive id, −25 for a negative one of each.
    static func weight(of element: HTMLElement) -> Double {
        var weight = 0.0
        for attribute in ["class", "id"] {
            guard let value = element[attribute]?.lowercased(), !value.isEmpty else { continue }
            if isNegative(value) { weight -= 25 }
            if isPositive(value) { weight += 25 }
        }
        return weight
    }
}
