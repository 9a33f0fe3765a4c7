import Glibc

/// Signals the daemon turns into errors it reports rather than deaths.
package enum ProcessSignals {
    /// A writer opening a file while a read lease is held would kill the process with
    /// `SIGIO`; a closed log pipe would kill it with `SIGPIPE`. With both ignored, the
    /// lease is simply broken and the write fails with `EPIPE`.
    package static func ignoreLeaseBreaksAndClosedPipes() {
        _ = signal(SIGIO, SIG_IGN)
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
