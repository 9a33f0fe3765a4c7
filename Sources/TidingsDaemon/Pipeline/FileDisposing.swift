import LinuxSystem
import TidingsCore

/// What happens to files once their outcomes are committed: the pipeline's last stage.
/// The daemon takes them out of the inbox (``InboxDisposer``); `tidings ingest` leaves the
/// files it was given alone (``KeepFiles``).
package protocol FileDisposing: Sendable {
    /// Disposes of a committed batch's files, in order, each at its path, and makes that
    /// durable. Blocks: the pipeline calls it on a thread of its own.
    func dispose(_ outcomes: [IngestOutcome], at paths: [String]) -> BatchDisposal
}

/// What happened to one file after its outcome was committed.
package enum Disposal: Sendable, Equatable {
    /// Left where it was, as `tidings ingest` leaves its inputs.
    case kept
    case deleted
    case archived(String)
    case quarantined(String)
    /// The file was already gone (removed by someone else, or by an earlier run).
    case alreadyGone
    /// It could not be moved; it stays where it is and the reason is logged. The file's
    /// identity then, when it could be read, lets rescans leave it alone while it is unchanged.
    case leftInPlace(String, FileIdentity?)
}

extension Disposal {
    package var isLeftInPlace: Bool {
        if case .leftInPlace = self { return true }
        return false
    }
}

/// The disposals of one batch, in the order of its outcomes.
package struct BatchDisposal: Sendable {
    package let disposals: [Disposal]
    /// Set when the directories could not be fsynced afterwards: the removals happened but
    /// may not survive a crash (the journal replays them then).
    package let syncFailure: SystemCallError?

    package init(disposals: [Disposal], syncFailure: SystemCallError? = nil) {
        self.disposals = disposals
        self.syncFailure = syncFailure
    }
}

/// `tidings ingest`: input files are never modified.
package struct KeepFiles: FileDisposing {
    package init() {}

    package func dispose(_ outcomes: [IngestOutcome], at paths: [String]) -> BatchDisposal {
        BatchDisposal(disposals: outcomes.map { _ in .kept })
    }
}
