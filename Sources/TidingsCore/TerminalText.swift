/// Text made safe to show on a terminal: what a producer wrote (a title, a file name, a
/// body) must not move the cursor, retitle the window, write the clipboard (OSC 52) or
/// reorder what the operator reads (bidirectional overrides).
///
/// Escaped: C0 controls but the line breaks and tabs asked to be kept, DEL, C1 controls
/// (U+0080–U+009F, U+009B being CSI by itself), and the bidirectional embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C).
/// They become `\x1b` or `\u{202e}`, so the operator sees that they were there.
package enum TerminalText {
    /// `text` with every character that could act on a terminal escaped. With
    /// `keepingLineBreaks`, `\n` and `\t` stay as they are (a body's paragraphs); without,
    /// they are escaped too (a value that must stay on one line).
    package static func escaped(_ text: String, keepingLineBreaks: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let hex = String(scalar.value, radix: 16)
                out += scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{" + hex + "}"
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
