/// What `verify` found: one line per check.
public struct VerificationReport: Sendable, Equatable {
    public struct Check: Sendable, Equatable {
        public let name: String
        /// Empty when the check passed; else what is wrong, one problem per element.
        public let problems: [String]
        public var passed: Bool { problems.isEmpty }
    }

    public let checks: [Check]
    public var passed: Bool { checks.allSatisfy(\.passed) }
}
