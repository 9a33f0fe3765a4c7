import Glibc

/// The process's environment variables, read once where they are needed and passed on as
/// a dictionary, so that code reading them can be given another dictionary in a test
/// (`setenv` in a test would change the whole process while other suites run).
package enum ProcessEnvironment {
    package static var current: [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let assignment = String(cString: pointer)
            if let equals = assignment.firstIndex(of: "=") {
                variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }

    /// This process's id, as `WATCHDOG_PID` names it.
    package static var processID: Int32 { getpid() }
}
