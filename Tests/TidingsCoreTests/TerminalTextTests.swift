import Testing
@testable import TidingsCore

/// What a producer wrote cannot act on the operator's terminal.
@Suite struct TerminalTextTests {
    @Test func escapeSequencesAndControlsAreShownNotSent() {
        let title = "Markets \u{1B}]0;owned\u{07}\u{1B}[2J rally \u{1B}]52;c;ZXZpbA==\u{07}\u{9B}31m"
        let shown = TerminalText.escaped(title, keepingLineBreaks: false)
        #expect(shown == "Markets \\x1b]0;owned\\x07\\x1b[2J rally \\x1b]52;c;ZXZpbA==\\x07\\u{9b}31m")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func bidirectionalOverridesAreShownNotApplied() {
        #expect(TerminalText.escaped("invoice\u{202E}fdp.exe", keepingLineBreaks: false) == "invoice\\u{202e}fdp.exe")
        #expect(TerminalText.escaped("a\u{2066}b\u{2069}c\u{200F}", keepingLineBreaks: false) == "a\\u{2066}b\\u{2069}c\\u{200f}")
    }

    @Test func lineBreaksStayInABodyAndAreEscapedInAField() {
        #expect(TerminalText.escaped("one\n\ntwo\tthree\r", keepingLineBreaks: true) == "one\n\ntwo\tthree\\r")
        #expect(TerminalText.escaped("one\ntwo\tthree", keepingLineBreaks: false) == "one\\ntwo\\tthree")
    }

    @Test func ordinaryTextInAnyScriptIsUntouched() {
        for text in ["Café — «déjà vu»", "Мост закроют", "東京の天気", "مرحبا بالعالم", "emoji 🗞️ ok"] {
            #expect(TerminalText.escaped(text, keepingLineBreaks: false) == text)
        }
    }
}
