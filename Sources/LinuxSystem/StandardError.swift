import SystemPackage

/// Writes to standard error without ever trapping. Foundation's `FileHandle.write(_:)`
/// traps when `write` fails (a closed pipe, a full disk behind a redirect, an I/O error);
/// a daemon that cannot log must keep its promises all the same, so a failed write here
/// only loses that line.
package enum StandardError {
    package static func write(_ bytes: some Sequence<UInt8>) {
        _ = try? FileDescriptor.standardError.writeAll(bytes)
    }

    package static func write(_ text: String) {
        write(text.utf8)
    }
}
