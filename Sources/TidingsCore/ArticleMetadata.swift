/// The descriptive fields every article has, parsed or stored, so that one piece of code
/// can present them for both.
package protocol ArticleMetadata {
    var title: String? { get }
    var source: String? { get }
    var dateline: String? { get }
    var byline: String? { get }
    var published: String? { get }
    var language: String? { get }
    var url: String? { get }
    var format: ArticleFormat { get }
    /// How the body was found, where finding it takes a method (web pages).
    var extraction: String? { get }
    /// The sender's identity of the item and its version (wire formats).
    var guid: String? { get }
    var version: Int? { get }
}

extension ParsedArticle: ArticleMetadata {}
