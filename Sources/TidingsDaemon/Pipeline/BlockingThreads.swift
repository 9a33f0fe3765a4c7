import Foundation
import NIOPosix

/// Threads of their own for the work that blocks: file reads, parsing, SQLite commits with
/// `synchronous=FULL`, renames and fsyncs. Swift's cooperative pool has one thread a core;
/// blocking one of them would delay every task on it — the watchdog ping among them.
package struct BlockingThreads: Sendable {
    /// Reading, parsing and fingerprinting files, and listing directories: a thread a core.
    package let workers: NIOThreadPool
    /// Claims, commits and search rounds, one at a time and in order, so a commit never
    /// queues behind the next batch's preparation.
    package let writer: NIOThreadPool
    /// Disposals, one at a time for every inbox — a file is quarantined under a name found
    /// free in a rejected folder inboxes may share, which is a check, then an act — and
    /// beside the writer, so one batch's disposal overlaps the next one's claim and read.
    package let disposer: NIOThreadPool

    /// Runs `body` on a worker thread and returns what it returns.
    package func onWorker<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await workers.runIfActive(body)
    }

    /// Runs `body` on the writer thread, after what was given to it before.
    package func onWriter<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await writer.runIfActive(body)
    }

    /// Runs `body` on the disposer thread, after what was given to it before.
    package func onDisposer<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await disposer.runIfActive(body)
    }

    /// Starts the threads, runs `body`, and stops them again however `body` ends.
    package static func run<Result>(
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, _ body: (BlockingThreads) async throws -> Result
    ) async throws -> Result {
        let threads = BlockingThreads(
            workers: NIOThreadPool(numberOfThreads: max(1, workers)), writer: NIOThreadPool(numberOfThreads: 1),
            disposer: NIOThreadPool(numberOfThreads: 1))
        threads.workers.start()
        threads.writer.start()
        threads.disposer.start()
        do {
            let result = try await body(threads)
            try await threads.shutDown()
            return result
        } catch {
            try? await threads.shutDown()
            throw error
        }
    }

    private func shutDown() async throws {
        try await workers.shutdownGracefully()
        try await writer.shutdownGracefully()
        try await disposer.shutdownGracefully()
    }
}
