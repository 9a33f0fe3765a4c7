import Foundation
import TidingsCore

/// One inbox the daemon watches: where files arrive, where they go once taken, and what is
/// assumed of what arrives there.
///
/// A daemon has the one inbox of the `inbox.*` keys, named `inbox`, or the inboxes listed
/// under `inboxes.NAME.*` (see ``Settings/inboxes``). The name is recorded with every
/// journal entry and log line of the files it receives.
package struct InboxSettings: Sendable, Equatable {
    /// The name when the configuration lists no `inboxes`.
    package static let singleName = "inbox"

    /// `inboxes.NAME`: 1 to 32 of `a-z`, `0-9`, `-` and `_`, starting with a letter or digit.
    package var name: String
    /// `inboxes.NAME.path`: the directory watched.
    package var path: String
    /// `inboxes.NAME.rejected_path`: where its rejected files go. By default a folder named
    /// after the inbox in `inbox.rejected_path`.
    package var rejectedPath: String
    /// `inboxes.NAME.archive_path`: where its stored files go; empty deletes them. By
    /// default a folder named after the inbox in `inbox.archive_path`, when that is set.
    package var archivePath: String
    /// What is assumed of its articles.
    package var defaults: InboxDefaults

    package init(name: String, path: String, rejectedPath: String, archivePath: String, defaults: InboxDefaults = InboxDefaults()) {
        self.name = name
        self.path = path
        self.rejectedPath = rejectedPath
        self.archivePath = archivePath
        self.defaults = defaults
    }

    /// Why `name` cannot name an inbox, if it cannot: it is written into the journal, the
    /// logs and directory names, so it is kept to a portable, unambiguous set.
    static func problem(withName name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        guard (1...32).contains(name.count), name.allSatisfy(allowed.contains), name.first != "-", name.first != "_" else {
            return "\"\(name)\" cannot name an inbox: use 1 to 32 lower-case letters, digits, - and _, starting with a letter or digit"
        }
        return nil
    }
}

/// What an inbox assumes of the articles it receives: the feed's source and language when
/// an article does not say, a tag on every article (a feed's name, a desk), and the format
/// its files are tried as first (`inboxes.NAME.source`, `.language`, `.tag`, `.format`).
package struct InboxDefaults: Sendable, Equatable {
    /// Applied when the article names no source of its own.
    package var source: String?
    /// Applied when the article declares no language: a BCP 47 tag (`en`, `pt-BR`).
    package var language: String?
    /// Set on every article received.
    package var tag: String?
    /// Tried before the format is detected (``ArticleParser/preferred``).
    package var format: ArticleFormat?

    package init(source: String? = nil, language: String? = nil, tag: String? = nil, format: ArticleFormat? = nil) {
        self.source = source
        self.language = language
        self.tag = tag
        self.format = format
    }

    /// `content` with these defaults applied to each of its articles.
    package func applied(to content: IngestItem.Content) -> IngestItem.Content {
        guard case .article(var article, let fingerprint) = content else { return content }
        if article.source == nil { article.source = source }
        if article.language == nil { article.language = language }
        if let tag { article.tag = tag }
        return .article(article, fingerprint)
    }

    /// Why `language` is not a language tag, if it is not.
    static func problem(withLanguage language: String) -> String? {
        let parts = language.split(separator: "-", omittingEmptySubsequences: false)
        let primary = parts.first.map { (2...3).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isLetter } } ?? false
        let rest = parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        return primary && rest ? nil : "\"\(language)\" is not a language tag: use an ISO 639 code such as en, or a BCP 47 tag such as pt-BR"
    }
}
