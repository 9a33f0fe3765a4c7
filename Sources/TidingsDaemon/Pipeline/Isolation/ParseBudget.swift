/// What parsing one file may cost in a worker process before it is stopped and the file is
/// rejected as too complex: CPU time, the worker's resident memory, and a wall-clock limit
/// for a worker that waits instead of computing (it never should; a bug or a blocked call
/// must not hold the batch).
package struct ParseBudget: Sendable, Equatable {
    package var cpu: Duration
    package var memoryBytes: Int
    /// Wall-clock time allowed beyond twice the CPU budget before the worker is stopped.
    package var wallGrace: Duration

    package init(cpu: Duration, memoryBytes: Int, wallGrace: Duration = .seconds(10)) {
        self.cpu = cpu
        self.memoryBytes = memoryBytes
        self.wallGrace = wallGrace
    }

    /// The longest a response may take: twice the CPU budget and the grace.
    package var wallLimit: Duration { cpu * 2 + wallGrace }
}
