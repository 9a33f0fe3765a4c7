import Glibc

/// Writes to standard error without ever trapping. Foundation's `FileHandle.write(_:)`
/// traps when `write` fails (a closed pipe, a full disk behind a redirect, an I/O error);
/// a daemon that cannot log must keep its promises all the same, so a failed or short
/// write here only loses that line.
public enum StandardError {
    public static func write(_ bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 { offset += written }
            else if written == -1 && errno == EINTR { continue }
            else { return }
        }
    }

    public static func write(_ text: String) {
        write(text.utf8)
    }
}
