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
}

extension ParsedArticle: ArticleMetadata {}
