/// A takedown: the journal's tombstone of an article whose content was erased.
package struct Removal: Sendable, Equatable {
    /// The `removed` journal entry.
    package let sequence: Int64
    package let articleID: Int64
    /// When it was removed: ISO 8601, UTC.
    package let removedAt: String
    /// Who removed it.
    package let actor: String
    /// Why: the legal request, the ticket, in the operator's words.
    package let reason: String
}
