import Foundation

/// One rule that removes outlet boilerplate from wire copy, as data.
///
/// The table ``standard`` is the whole policy: to teach Tidings another outlet's footer or
/// share prompt, add a row. A rule may also capture a field (the outlet's name from a
/// licence footer, a byline) from its first capture group.
package struct BoilerplateRule: Sendable {
    /// Where a rule looks and what it removes.
    package enum Scope: Sendable {
        /// The first non-blank line of the file, removed when it matches (breadcrumbs).
        case firstLine
        /// Any line that matches as a whole is removed.
        case line
        /// The first line that matches is removed with every line after it ("Read More:" tails).
        case tailFromLine
        /// The matched text at the start of any paragraph is removed ("Iran Press/Iran News:").
        case paragraphPrefix
        /// The matched text at the end of the body is removed, repeatedly, with every rule of
        /// this scope, so that stacked trailers (initials before a licence footer) all go.
        case bodyEnd
    }

    /// A field a rule's first capture group fills, when the article does not have it yet.
    package enum Capture: Sendable {
        case nothing
        case source
        case byline
    }

    /// Line rules look only at lines up to this many bytes: boilerplate lines are short,
    /// and a long line of article text need not be matched against every pattern.
    static let maxBoilerplateLineBytes = 300

    package let name: String
    package let scope: Scope
    package let capture: Capture
    let expression: NSRegularExpression

    /// Creates a rule; the pattern is an ICU regular expression, matched case-sensitively
    /// unless `caseInsensitive` is set.
    package init(
        _ name: String, _ scope: Scope, _ pattern: String,
        caseInsensitive: Bool = false, capture: Capture = .nothing
    ) throws {
        self.name = name
        self.scope = scope
        self.capture = capture
        var options: NSRegularExpression.Options = [.anchorsMatchLines]
        if caseInsensitive { options.insert(.caseInsensitive) }
        self.expression = try NSRegularExpression(pattern: pattern, options: options)
    }

    /// Prefix rules look only at a paragraph's first this many scalars: an outlet's
    /// prefix is a few words, and matching a whole paragraph made ICU convert all of it to
    /// UTF-16 (that was ~9 % of parsing on the benchmark corpus).
    static let maxPrefixScalars = 256

    /// The first match in `text`, with the captured value if the rule captures one.
    func firstMatch(in text: String) -> (range: Range<String.Index>, captured: String?)? {
        firstMatch(in: text, options: [])
    }

    /// A match at the very start of `text`, within its first ``maxPrefixScalars`` scalars:
    /// where in `text` it ends, and the captured value. (Counted in scalars, not characters:
    /// finding character boundaries was ~5 % of parsing, and no prefix is near that long.)
    func prefixMatch(in text: String) -> (end: String.Index, captured: String?)? {
        let head = Substring(text).leadingScalars(Self.maxPrefixScalars)
        guard let match = firstMatch(in: head, options: [.anchored]) else { return nil }
        // `head` is `text`'s first scalars, so a position in it is the same UTF-8 offset in `text`.
        let offset = head.utf8.distance(from: head.startIndex, to: match.range.upperBound)
        return (text.utf8.index(text.startIndex, offsetBy: offset), match.captured)
    }

    private func firstMatch(in text: String, options: NSRegularExpression.MatchingOptions) -> (range: Range<String.Index>, captured: String?)? {
        let whole = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, options: options, range: whole),
              let range = Range(match.range, in: text) else { return nil }
        var captured: String?
        if capture != .nothing, match.numberOfRanges > 1, let group = Range(match.range(at: 1), in: text) {
            captured = text[group].trimmingWhiteSpace()
        }
        return (range, captured)
    }
}

extension BoilerplateRule {
    /// The rules Tidings applies by default, in the order they run within each scope.
    package static let standard: [BoilerplateRule] = {
        let table: [(String, Scope, String, Bool, Capture)] = [
            // "IranSyriaWest Asia": section names glued together by a scraper.
            ("breadcrumb-glued", .firstLine, #"^(?:\p{Lu}\p{Ll}+){3,}(?: \p{Lu}\p{Ll}+)*$"#, false, .nothing),
            // "Home > World > Middle East"
            ("breadcrumb-separated", .firstLine, #"^[\p{L} ]{2,40}(?: [›»>|/] [\p{L} ]{2,40}){2,}$"#, false, .nothing),
            ("back-to-top", .line, #"^\s*back to top(?: button)?\s*$"#, true, .nothing),
            ("share-prompt", .line,
             #"^\s*(?:share(?: this(?: article| story| post)?)?|share on (?:facebook|twitter|x|whatsapp|telegram|linkedin|email)|tweet|email|print|copy link|follow us on [\p{L} ,&]{2,40})\s*:?\s*$"#,
             true, .nothing),
            ("byline", .line, #"^\s*By\s+(\p{Lu}[\p{L}\p{M}.'’\- ]{1,60}?(?:\s+and\s+\p{Lu}[\p{L}\p{M}.'’\- ]{1,60}?)?)\s*$"#, false, .byline),
            ("read-more-tail", .tailFromLine, #"^\s*(?:read more|related(?: articles| news| stories)?|see also)\s*:?\s*$"#, true, .nothing),
            // "Iran Press/Iran News: Syrian foreign minister …"
            ("outlet-prefix", .paragraphPrefix, #"^(\p{Lu}[\p{L}]*(?: \p{Lu}[\p{L}]*){0,3})/\p{Lu}[\p{L}]*(?: \p{Lu}[\p{L}]*){0,3}:\s+"#, false, .source),
            // "All Content by Mehr News Agency is licensed under a Creative Commons …"
            ("licence-footer", .bodyEnd, #"\s*All Content by (.{1,80}?) is licen[cs]ed under[^\n]*$"#, true, .source),
            ("copyright-footer", .bodyEnd, #"\s*(?:©|\(c\)|Copyright)\s*(?:\d{4}\s+)?([^\n.]{1,60}?)\.?\s*All rights reserved\.?\s*$"#, true, .source),
            // Editors' initials closing a wire story: "NA/MJ/PA".
            ("editor-initials", .bodyEnd, #"(?:^|\s+)\p{Lu}{2,4}(?:/\p{Lu}{2,4})+\s*$"#, false, .nothing),
        ]
        // The patterns above are constants checked by the tests; a typo is a build-time bug.
        return table.map { name, scope, pattern, caseInsensitive, capture in
            // swiftlint:disable:next force_try
            try! BoilerplateRule(name, scope, pattern, caseInsensitive: caseInsensitive, capture: capture)
        }
    }()
}
