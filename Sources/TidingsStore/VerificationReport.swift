/// What `verify` found: one line per check.
package struct VerificationReport: Sendable, Equatable {
    package struct Check: Sendable, Equatable {
        package let name: String
        /// Empty when the check passed; else what is wrong, one problem per element.
        package let problems: [String]
        package var passed: Bool { problems.isEmpty }
    }

    package let checks: [Check]
    package var passed: Bool { checks.allSatisfy(\.passed) }
}
