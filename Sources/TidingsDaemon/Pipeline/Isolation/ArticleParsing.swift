import TidingsCore

/// Turns one file's bytes into an article and its fingerprint, or a rejection: the step of
/// the pipeline that runs a parser over bytes a producer wrote.
///
/// The daemon and the command line parse in worker processes within a budget
/// (``ParseWorkerPool``); tests and benchmarks of the parsers themselves parse in the calling
/// thread (``InlineParsing``).
package protocol ArticleParsing: Sendable {
    /// Blocks: call it on a worker thread. Never throws: a file that cannot be used is a
    /// rejection with its reason. `budget` is what parsing may cost where it can be measured.
    func parse(_ bytes: [UInt8], name: String, limits: ParserLimits, budget: ParseBudget) -> ParseResponse
}

/// Parsing in the calling thread: the budget is not enforced, only the parsers' own limits.
package struct InlineParsing: ArticleParsing {
    package init() {}

    package func parse(_ bytes: [UInt8], name: String, limits: ParserLimits, budget: ParseBudget) -> ParseResponse {
        do {
            return ParseResponse(try ArticleParser(limits: limits).parseItems(bytes, fileName: name).map(IngestItem.Content.init))
        } catch {
            return .rejected(error)
        }
    }
}
