import Logging
import TidingsCore

/// Says what became of each file once its batch is committed and disposed of: one log
/// entry a file, with the outcome's values as fields (`journalctl TIDINGS_OUTCOME=…`), and
/// the counts the status line shows.
struct OutcomeLog: Sendable {
    let logger: Logger
    let state: DaemonState
    let leftInPlace: LeftInPlace
    /// The name of the inbox the files came from.
    let inbox: String

    /// One entry a file; for a file of several items, one entry an item (each with its
    /// `item` number), the file's disposal on each.
    func record(_ outcome: IngestOutcome, _ disposal: Disposal) {
        for article in outcome.articles { record(item: article, disposal) }
    }

    private func record(item outcome: IngestOutcome, _ disposal: Disposal) {
        state.count(outcome)
        var metadata: Logger.Metadata = [
            "outcome": .string(outcome.kind.rawValue), "file": .string(outcome.file), "seq": .stringConvertible(outcome.sequence),
            "inbox": .string(inbox),
        ]
        if let id = outcome.articleID { metadata["article_id"] = .stringConvertible(id) }
        if let of = outcome.duplicateOf { metadata["duplicate_of"] = .stringConvertible(of) }
        if let similarity = outcome.similarity { metadata["similarity"] = .stringConvertible((similarity * 10_000).rounded() / 10_000) }
        if let reason = outcome.reason { metadata["reason"] = .string(reason) }
        if outcome.replayed { metadata["replayed"] = .stringConvertible(true) }
        if let item = outcome.item { metadata["item"] = .stringConvertible(item) }
        switch disposal {
        case .leftInPlace(let why, let identity):
            if let identity { leftInPlace.remember(outcome.file, as: identity) }
            metadata["disposal_error"] = .string(why)
            logger.error("\(outcome.kind.rawValue) but left in the inbox: \(why)", metadata: metadata)
        case .quarantined(let target):
            metadata["moved_to"] = .string(target)
            logger.notice("\(outcome.kind.rawValue): \(outcome.reason ?? "")", metadata: metadata)
        case .archived(let target):
            metadata["moved_to"] = .string(target)
            logger.info("\(outcome.kind.rawValue)", metadata: metadata)
        case .deleted, .alreadyGone, .kept:
            if outcome.kind == .rejected || outcome.kind == .withdrawn {
                // An item of a stored file that is no article, or a kill notice.
                logger.notice("\(outcome.kind.rawValue): \(outcome.reason ?? "")", metadata: metadata)
                return
            }
            logger.info("\(outcome.kind.rawValue)", metadata: metadata)
        }
    }
}
