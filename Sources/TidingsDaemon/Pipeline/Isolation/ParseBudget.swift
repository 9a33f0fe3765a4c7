/// What parsing one file may cost in a worker process before it is stopped and the file is
/// rejected as too complex: CPU time, and the worker's resident memory.
package struct ParseBudget: Sendable, Equatable {
    package var cpu: Duration
    package var memoryBytes: Int

    package init(cpu: Duration, memoryBytes: Int) {
        self.cpu = cpu
        self.memoryBytes = memoryBytes
    }
}
