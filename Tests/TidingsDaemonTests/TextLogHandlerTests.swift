import Logging
import Testing
@testable import TidingsDaemon

/// The human-readable log: one event, one line, and nothing a producer wrote acts on the
/// terminal that shows it.
@Suite struct TextLogHandlerTests {
    @Test func aFileNameWithALineBreakOrAnEscapeStaysOneHarmlessLine() {
        let event = LogEvent(
            level: .info, message: "new", metadata: nil, source: "TidingsDaemon", file: #file, function: #function, line: #line)
        let line = TextLogHandler.line(
            for: event, label: "tidings",
            metadata: ["file": "two\nlines \u{1B}]0;owned\u{07}.txt", "seq": .stringConvertible(7)])
        #expect(!line.contains("\n"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        #expect(line.hasSuffix(" info tidings: file=two\\nlines \\x1b]0;owned\\x07.txt seq=7 new"), "\(line)")
    }
}
