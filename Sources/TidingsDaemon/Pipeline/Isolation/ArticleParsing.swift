import TidingsCore

/// Turns one file's bytes into an article and its fingerprint, or a rejection: the step of
/// the pipeline that runs a parser over bytes a producer wrote.
///
/// The daemon and the command line parse in worker processes within a budget
/// (``ParseWorkerPool``); tests and benchmarks of the parsers themselves parse in the calling
/// thread (``InlineParsing``).
package protocol ArticleParsing: Sendable {
    /// Blocks: call it on a worker thread. Never throws: a file that cannot be used is a
    /// rejection with its reason. `budget` is what parsing may cost where it can be measured;
    /// `preferred` is a format to try before detecting one (an inbox's `format`).
    func parse(_ bytes: [UInt8], name: String, limits: ParserLimits, preferring preferred: ArticleFormat?, budget: ParseBudget) -> ParseResponse
}

extension ArticleParsing {
    /// Parses with the format detected from the content alone.
    package func parse(_ bytes: [UInt8], name: String, limits: ParserLimits, budget: ParseBudget) -> ParseResponse {
        parse(bytes, name: name, limits: limits, preferring: nil, budget: budget)
    }
}

/// Parsing in the calling thread: the budget is not enforced, only the parsers' own limits.
package struct InlineParsing: ArticleParsing {
    package init() {}

    package func parse(_ bytes: [UInt8], name: String, limits: ParserLimits, preferring preferred: ArticleFormat?, budget: ParseBudget) -> ParseResponse {
        do {
            return ParseResponse(try ArticleParser(limits: limits, preferring: preferred).parseItems(bytes, fileName: name).map(IngestItem.Content.init))
        } catch {
            return .rejected(error)
        }
    }
}
