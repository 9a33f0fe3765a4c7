import Synchronization
import TidingsCore
@testable import TidingsDaemon

/// Parses in the calling thread, after running a hook the test gives it (a producer acting
/// while the file is parsed, time passing), and remembers which files it parsed.
final class HookedParsing: ArticleParsing {
    private let hook: @Sendable (String) -> Void
    private let parsed = Mutex<[String]>([])

    init(_ hook: @escaping @Sendable (String) -> Void = { _ in }) { self.hook = hook }

    var parsedNames: [String] { parsed.withLock { $0 } }

    func parse(_ bytes: [UInt8], name: String, limits: ParserLimits, preferring preferred: ArticleFormat?, budget: ParseBudget) -> ParseResponse {
        parsed.withLock { $0.append(name) }
        hook(name)
        return InlineParsing().parse(bytes, name: name, limits: limits, preferring: preferred, budget: budget)
    }
}
