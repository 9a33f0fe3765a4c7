/// What an element's `class`, `id` and component names say about it: the names publishers' templates give
/// to article text and to everything around it.
///
/// A class name is read by its last meaningful word, so that `article-related` and
/// `story__share` are read as the related block and the share bar, while `article-body
/// js-share-enabled` is still read as article text (the positive name wins).
enum HTMLBoilerplateNames {
    enum Meaning {
        /// Article text: `article-body`, `story-content`, `entry-content`.
        case content
        /// Never article text, whatever it holds: comments, share bars, related links, ads, captions.
        case boilerplate
        /// Usually not article text (sidebars, headers, footers, menus), unless it holds most of the page's text.
        case furniture
    }

    static let content: Set<String> = [
        "article", "body", "content", "entry", "main", "post", "story", "text", "prose", "richtext", "copy",
        "blog", "paragraph", "paragraphs", "articlebody", "storybody", "postbody", "maincontent",
    ]

    static let boilerplate: Set<String> = [
        "comment", "comments", "disqus", "reply", "replies", "respond", "discussion",
        "share", "sharing", "sharebar", "social", "socials", "sociallinks", "follow",
        "cookie", "cookies", "consent", "gdpr", "privacy",
        "newsletter", "subscribe", "subscription", "signup", "paywall", "register", "login",
        "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "dfp", "banner",
        "sponsor", "sponsored", "promo", "promotion", "promoted", "partner", "outbrain", "taboola", "native",
        "related", "recommended", "recommendations", "recommendation", "recirc", "recirculation", "trending",
        "popular", "mostread", "mostpopular", "more", "readmore", "morestories", "also",
        "caption", "credit", "credits", "gallery", "slideshow", "carousel", "slider", "lightbox", "thumbnail", "thumbnails",
        "byline", "author", "authors", "bio", "avatar",
        "breadcrumb", "breadcrumbs", "tags", "tag", "keywords", "topics", "categories", "category",
        "copyright", "legal", "disclaimer", "print", "skip", "toolbar", "tools", "pagination", "pager", "modal", "popup", "overlay", "alert", "notice",
        "rating", "poll", "quiz", "video", "player", "podcast", "audio", "embed", "twitter", "tweet", "instagram",
        "hidden", "visuallyhidden", "sronly", "offscreen", "noprint",
    ]

    static let furniture: Set<String> = [
        "sidebar", "aside", "rail", "header", "masthead", "footer", "nav", "navbar", "navigation", "menu",
        "widget", "widgets", "links", "teaser", "teasers", "meta", "topbar", "bottombar",
        // Date lines, usually; but Blogger wraps each day's posts in `date-outer`.
        "dateline", "timestamp", "published", "updated", "date", "time",
    ]

    /// The words of ``boilerplate`` that mark a block inside the story's container as never
    /// the story: comments, sharing, consent, sign-up, ads, related and recommended links,
    /// breadcrumbs, tags, captions. Words that also name the story's own parts in many
    /// templates (galleries, bylines, embeds, "more") are left out: there, a block so named
    /// may hold paragraphs of the story.
    static let blockBoilerplate: Set<String> = boilerplate.subtracting([
        "gallery", "slideshow", "carousel", "slider", "lightbox", "thumbnail", "thumbnails",
        "byline", "author", "authors", "bio", "avatar", "video", "player", "podcast", "audio", "embed", "twitter", "tweet",
        "instagram", "print", "skip", "toolbar", "tools", "hidden", "visuallyhidden", "sronly", "offscreen", "noprint",
        "copyright", "legal", "disclaimer", "rating", "poll", "quiz", "notice", "alert", "modal", "native", "more", "also",
    ])

    /// What the names say of a block, with ``blockBoilerplate`` as the boilerplate words.
    static func blockMeaning(of element: HTMLElement) -> Meaning? {
        switch meaning(of: element) {
        case .boilerplate?:
            // Read again word by word: only the block words make it boilerplate.
            var isBlock = false
            for attribute in namingAttributes {
                guard let value = element[attribute] else { continue }
                for name in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                where words(of: name).contains(where: blockBoilerplate.contains) || blockBoilerplate.contains(words(of: name).joined()) {
                    isBlock = true
                }
            }
            return isBlock ? .boilerplate : nil
        case let other: return other
        }
    }

    /// Attributes templates name their blocks with: `class` and `id`, and the component
    /// names of newer front ends (`data-component="text-block"`, `data-testid`, `data-area`).
    static let namingAttributes = ["class", "id", "data-component", "data-testid", "data-area", "data-module", "data-type"]

    /// What the element's naming attributes say, strongest first: content over
    /// boilerplate over furniture; nil when they say nothing.
    static func meaning(of element: HTMLElement) -> Meaning? {
        var meanings: [Meaning] = []
        for attribute in namingAttributes {
            guard let value = element[attribute] else { continue }
            for name in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                if let meaning = meaning(ofName: name) { meanings.append(meaning) }
            }
        }
        if meanings.contains(.content) { return .content }
        if meanings.contains(.boilerplate) { return .boilerplate }
        return meanings.first
    }

    /// The meaning of one class name: its last word found in a list, words being split at
    /// `-`, `_`, digits and lower-to-upper case changes (`articleBody` is `article`, `body`).
    static func meaning(ofName name: Substring) -> Meaning? {
        let words = words(of: name)
        // The whole name joined also counts: `sharebar`, `mostread`, `articlebody`.
        let joined = words.joined()
        for word in words.reversed() + [joined] {
            if content.contains(word) { return .content }
            if boilerplate.contains(word) { return .boilerplate }
            if furniture.contains(word) { return .furniture }
        }
        return nil
    }

    /// A class name's words, split at `-`, `_`, digits and lower-to-upper case changes.
    static func words(of name: Substring) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if !character.isLetter {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
                continue
            }
            if character.isUppercase && previousWasLower {
                words.append(current)
                current = ""
            }
            current.append(contentsOf: character.lowercased())
            previousWasLower = character.isLowercase
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
