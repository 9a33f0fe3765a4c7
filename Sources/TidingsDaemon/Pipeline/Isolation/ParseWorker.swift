import Foundation
import LinuxSystem
import SystemPackage
import TidingsCore

/// The worker side: `tidings parse-worker`, started by a ``ParseWorkerPool``. It reads one
/// request at a time from standard input and writes one response to standard output, until
/// its input ends. It opens no file and holds nothing but what it is sent: whatever a
/// hostile file does to a parser, it does it here, where the pool can measure it, stop it
/// and start another worker.
package enum ParseWorker {
    /// Set in the environment (`TIDINGS_TEST_HOOKS=1`), a file whose bytes start with
    /// `TIDINGS-TEST-CRASH` makes the worker crash, `TIDINGS-TEST-SPIN` spin,
    /// `TIDINGS-TEST-HOG` take memory without end and `TIDINGS-TEST-SLEEP` wait without end:
    /// how the tests show what the pool does with a parser that crashes, hangs, blocks or
    /// runs away. Never set in production.
    package static let testHooksVariable = "TIDINGS_TEST_HOOKS"

    /// Whether this process runs with the test hooks on. The daemon has one of its own: a
    /// file named `TIDINGS-TEST-HANG…` makes its read never return, as a read from a hung
    /// network filesystem would — what the watchdog and the claims are for.
    package static let testHooksEnabled = ProcessEnvironment.current[testHooksVariable] == "1"

    /// Serves requests until standard input ends; returns the exit code.
    package static func serve(environment: [String: String] = ProcessEnvironment.current) -> Int32 {
        guard WorkerProcess.tieToParent() else { return 0 }
        let hooks = environment[testHooksVariable] == "1"
        let parsing = InlineParsing()
        while true {
            let frame: [UInt8]
            do {
                guard let read = try FrameIO.read(from: .standardInput) else { return 0 }
                frame = read
            } catch {
                return 1
            }
            let response: ParseResponse
            do {
                let request = try ParseRequest(decoding: frame)
                if hooks { runTestHook(request.bytes) }
                response = parsing.parse(request.bytes, name: request.name, limits: request.limits, preferring: request.preferred, budget: ParseBudget(cpu: .zero, memoryBytes: 0))
            } catch {
                response = .rejected(Rejection(.unreadable, "the parse worker received a malformed request"))
            }
            do { try FileDescriptor.standardOutput.writeAll(response.encoded()) } catch { return 1 }
        }
    }

    private static func runTestHook(_ bytes: [UInt8]) {
        func starts(_ marker: String) -> Bool { bytes.starts(with: Array(marker.utf8)) }
        if starts("TIDINGS-TEST-CRASH") { fatalError("TIDINGS-TEST-CRASH: the parse worker crashes on purpose") }
        if starts("TIDINGS-TEST-SPIN") {
            while Date() > .distantPast {}
        }
        if starts("TIDINGS-TEST-SLEEP") {
            while true { _ = Glibc.pause() }
        }
        if starts("TIDINGS-TEST-HOG") {
            var hoard: [[UInt8]] = []
            while true { hoard.append([UInt8](repeating: 1, count: 1 << 20)); if hoard.count == Int.max { break } }
        }
    }
}

/// Frames on a blocking descriptor: a 4-byte little-endian length, then the message.
enum FrameIO {
    /// The next message, or nil when the input ended cleanly between messages.
    static func read(from descriptor: FileDescriptor) throws -> [UInt8]? {
        guard let header = try readExactly(4, from: descriptor, endAllowed: true) else { return nil }
        let length = Int(UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24)
        return try readExactly(length, from: descriptor, endAllowed: false) ?? []
    }

    private static func readExactly(_ count: Int, from descriptor: FileDescriptor, endAllowed: Bool) throws -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = try bytes.withUnsafeMutableBytes { buffer in
                try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), retryOnInterrupt: true)
            }
            if read == 0 {
                if filled == 0 && endAllowed { return nil }
                throw WireFormatError()
            }
            filled += read
        }
        return bytes
    }
}
