import Foundation
import LinuxSystem
import Logging
import Synchronization
import SystemPackage
import TidingsCore

/// Parses files in worker processes (`tidings parse-worker`), each within a ``ParseBudget``.
///
/// A parser runs code over bytes a producer wrote: a page built to be slow, a document that
/// takes all memory, a crash in libxml2. In a worker, each of these costs the worker, not
/// the daemon: while a worker parses, the calling thread watches its CPU time and resident
/// memory every few milliseconds and kills it once either passes the budget; the file is
/// rejected as `too_complex` with the cost measured, or as `parser_crashed` when the worker
/// died by itself, and a fresh worker takes the next file.
///
/// Workers are started when first needed and kept for the next file, as many as threads
/// call ``parse(_:name:limits:preferring:budget:)`` at once. A worker that grew large is retired after its file.
package final class ParseWorkerPool: ArticleParsing {
    private let executable: String
    /// Whether workers honour the test hooks (see ``ParseWorker/testHooksVariable``).
    private let testHooks: Bool
    private let idle = Mutex<[Worker]>([])
    private let logger: Logger

    /// - Parameter executable: the `tidings` binary; the daemon passes its own image.
    /// - Parameter testHooks: whether workers honour the test hooks; by default, whether
    ///   this process's environment turns them on.
    package init(
        executable: String = WorkerProcess.currentExecutable, logger: Logger,
        testHooks: Bool = ProcessEnvironment.current[ParseWorker.testHooksVariable] == "1"
    ) {
        self.executable = executable
        self.logger = logger
        self.testHooks = testHooks
    }

    /// Stops every idle worker.
    package func shutDown() {
        let workers = idle.withLock { workers in defer { workers = [] }; return workers }
        for worker in workers { worker.stop() }
    }

    package func parse(_ bytes: [UInt8], name: String, limits: ParserLimits, preferring preferred: ArticleFormat?, budget: ParseBudget) -> ParseResponse {
        let worker: Worker
        if let reused = idle.withLock({ $0.popLast() }) {
            worker = reused
        } else {
            do { worker = try Worker(executable: executable, testHooks: testHooks) } catch {
                logger.error("cannot start a parse worker (\(executable)): \(error)")
                return .rejected(Rejection(.unreadable, "not parsed: no parse worker could be started (\(error)); it is tried again after a restart"))
            }
        }
        let outcome = worker.parse(ParseRequest(limits: limits, preferred: preferred, name: name, bytes: bytes), raw: bytes, budget: budget)
        switch outcome {
        case .response(let response):
            // A worker's heap grows only with a large file; small ones are not worth a look.
            if bytes.count > 256 << 10, let resident = worker.residentBytes, resident > budget.memoryBytes / 2 {
                worker.stop()  // its heap stays large after a large file: start afresh
            } else {
                idle.withLock { $0.append(worker) }
            }
            return response
        case .overCPU(let used):
            return .rejected(Rejection(.tooComplex, "too complex to parse: stopped after \(Self.seconds(used)) s of CPU time (the budget is \(Self.seconds(budget.cpu)) s, parser.max_cpu_seconds)"))
        case .unresponsive(let waited):
            return .rejected(Rejection(.tooComplex, "too complex to parse: no answer after \(Self.seconds(waited)) s (the parser neither finished nor used its CPU budget)"))
        case .overMemory(let used):
            return .rejected(Rejection(.tooComplex, "too complex to parse: stopped at \(used >> 20) MiB of memory (the budget is \(budget.memoryBytes >> 20) MiB, parser.max_memory_mib)"))
        case .crashed(let how):
            logger.error("a parse worker \(how) while parsing \(name)", metadata: ["file": .string(name)])
            return .rejected(Rejection(.parserCrashed, "the parser \(how) on this file; it is not read again"))
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = (Double(seconds) + Double(attoseconds) / 1e18)
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(format: "%.1f", tenths)
    }

    /// One worker process and the watch kept over it while it parses.
    final class Worker: Sendable {
        enum Outcome {
            case response(ParseResponse)
            case overCPU(Duration)
            case overMemory(Int)
            /// No answer for much longer than the CPU budget, without using it: blocked.
            case unresponsive(Duration)
            /// "crashed (signal 11)", "exited with status 1", "sent a malformed response".
            case crashed(String)
        }

        private let process: ChildProcess

        init(executable: String, testHooks: Bool) throws(SystemCallError) {
            // A crash is reported by the pool in one line; Swift's backtracer would spend
            // seconds and a page of the log on each file that crashes a worker.
            process = try ChildProcess(
                executable: executable, arguments: ["parse-worker"],
                environment: ["SWIFT_BACKTRACE": "enable=no", ParseWorker.testHooksVariable: testHooks ? "1" : nil])
        }

        var residentBytes: Int? { process.residentBytes }

        func stop() {
            process.kill()
            _ = process.waitForExit()
        }

        /// How often the worker's CPU time and memory are looked at while it parses.
        static let watchInterval: Int32 = 10

        /// The largest response read: a parsed article is at most a few times its file.
        static let maxResponseBytes = 1 << 30

        func parse(_ request: ParseRequest, raw: [UInt8], budget: ParseBudget) -> Outcome {
            let cpuAtStart = process.cpuTime ?? .zero
            let started = ContinuousClock.now
            var pending: [UInt8] = []
            do {
                try Syscall.system("write", path: "parse worker") { _ = try process.input.writeAll(request.encoded()) }
            } catch {
                return died()
            }
            while true {
                let readable: Bool
                do { readable = try Poll.readable(process.output, withinMilliseconds: Self.watchInterval) } catch { return died() }
                if readable {
                    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
                    let count: Int
                    do {
                        count = try Syscall.system("read", path: "parse worker") {
                            try chunk.withUnsafeMutableBytes { try process.output.read(into: $0, retryOnInterrupt: true) }
                        }
                    } catch {
                        return died()
                    }
                    if count == 0 { return died() }
                    pending += chunk[0..<count]
                    if let message = Self.takeFrame(from: &pending) {
                        do { return .response(try ParseResponse(decoding: message, raw: raw)) } catch {
                            stop()
                            return .crashed("sent a malformed response")
                        }
                    }
                    continue
                }
                if let used = process.cpuTime.map({ $0 - cpuAtStart }), used > budget.cpu {
                    stop()
                    return .overCPU(used)
                }
                if let resident = process.residentBytes, resident > budget.memoryBytes {
                    stop()
                    return .overMemory(resident)
                }
                let waited = ContinuousClock.now - started
                if waited > budget.wallLimit {
                    stop()
                    return .unresponsive(waited)
                }
            }
        }

        /// The first complete frame received, if there is one.
        private static func takeFrame(from pending: inout [UInt8]) -> [UInt8]? {
            guard pending.count >= 4 else { return nil }
            let length = Int(UInt32(pending[0]) | UInt32(pending[1]) << 8 | UInt32(pending[2]) << 16 | UInt32(pending[3]) << 24)
            guard length <= maxResponseBytes else { return [] }  // no response is this large: malformed, at once
            guard pending.count >= 4 + length else { return nil }
            let message = Array(pending[4..<(4 + length)])
            pending.removeFirst(4 + length)
            return message
        }

        private func died() -> Outcome {
            process.kill()
            let status = process.waitForExit()
            if let signal = ChildProcess.signal(inStatus: status) { return .crashed("crashed (signal \(signal))") }
            return .crashed("exited with status \(ChildProcess.exitCode(inStatus: status) ?? -1)")
        }
    }
}
