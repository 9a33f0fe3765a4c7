import Glibc
import LinuxSystem

/// The line `tidings ingest` keeps current on a terminal: files done, rate and time left.
///
/// Drawn on standard error only when it is a terminal, at most four times a second, and
/// wiped before anything else is printed, so it never ends up in a log or between two
/// outcome lines.
struct ProgressLine {
    private let total: Int
    private let started = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var shown = false
    /// Whether outcome lines go to the same screen, and the line must make way for them.
    private let sharesScreenWithOutput = isatty(STDOUT_FILENO) == 1

    /// A progress line for `total` files, or nil when standard error is not a terminal.
    init?(total: Int) {
        guard isatty(STDERR_FILENO) == 1, total > 0 else { return nil }
        self.total = total
    }

    /// Redraws the line for `done` files, unless it is on screen and was drawn less than
    /// 250 ms ago.
    mutating func update(done: Int) {
        let now = ContinuousClock.now
        if shown, let lastDrawn, now - lastDrawn < .milliseconds(250) { return }
        fflush(nil)  // the outcome lines printed so far, before the line is drawn below them
        lastDrawn = now
        let elapsed = Self.seconds(now - started)
        var text = "\(done)/\(total) files"
        if done > 0, elapsed > 0 {
            let rate = Double(done) / elapsed
            text += " · \(Int(rate.rounded())) files/s · \(Self.duration(Double(total - done) / rate)) left"
        }
        StandardError.write("\r\u{1B}[K" + text)
        shown = true
    }

    /// Makes way for lines printed on standard output: wipes the line when both go to the
    /// same terminal; the next ``update(done:)`` draws it again below them.
    mutating func willPrint() {
        if sharesScreenWithOutput { finish() }
    }

    /// Wipes the line, for good or until the next ``update(done:)``.
    mutating func finish() {
        guard shown else { return }
        StandardError.write("\r\u{1B}[K")
        shown = false
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `42 s`, `3 min 05 s`, `2 h 07 min`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(String(format2: whole % 60)) s" }
        return "\(whole / 3600) h \(String(format2: whole % 3600 / 60)) min"
    }
}

private extension String {
    /// Two digits, zero-padded.
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
