import LinuxSystem
import SystemPackage
import TidingsCore

/// Reads an article file without ever blocking on it or following it out of where it is.
///
/// The file is opened with `O_NONBLOCK` (a FIFO does not block the open) and, unless
/// symbolic links are allowed, `O_NOFOLLOW`; the opened descriptor is then `fstat`ed, and
/// only a regular file within the size limit is read. Everything else is a ``Rejection``.
///
/// When it watches for writers (the daemon does), a file that a writer still holds open —
/// a read lease cannot be taken — or whose size or modification time changes while it is
/// read is reported ``Result/busy(_:)``, to be tried again later, never half-read.
package struct ArticleFileReader: Sendable {
    /// The outcome of reading one path.
    package enum Result: Sendable {
        case bytes([UInt8])
        /// Not read, or not fully: why, and the size when it is known.
        case rejected(Rejection, size: Int?)
        /// A writer is still at work on it; try again later.
        case busy(String)
    }

    package var maxFileBytes: Int
    /// The one-shot `ingest` follows links the user names; the inbox watcher does not.
    package var followsSymbolicLinks: Bool
    /// Whether to refuse files a writer still holds open or changes while they are read.
    package var watchesWriters: Bool
    /// Whether a file with more than one hard link is refused: in a directory others can
    /// write, such a link may name a file the producer could not read itself (where
    /// `fs.protected_hardlinks` is off).
    package var refusesHardLinks: Bool
    /// Files owned by this user are refused: the service's own user, which no producer is,
    /// so such a file in the inbox can only be one of the service's own, linked or moved in.
    package var refusedOwner: UInt32?

    package init(
        maxFileBytes: Int, followsSymbolicLinks: Bool, watchesWriters: Bool = false, refusesHardLinks: Bool = false,
        refusedOwner: UInt32? = nil
    ) {
        self.maxFileBytes = maxFileBytes
        self.followsSymbolicLinks = followsSymbolicLinks
        self.watchesWriters = watchesWriters
        self.refusesHardLinks = refusesHardLinks
        self.refusedOwner = refusedOwner
    }

    package func read(_ path: String) -> Result {
        var options: FileDescriptor.OpenOptions = [.nonBlocking, .closeOnExec]
        if !followsSymbolicLinks { options.insert(.noFollow) }
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: options)
        } catch {
            return .rejected(openFailure(error, path: path), size: nil)
        }
        defer { try? descriptor.close() }
        do {
            let status = try descriptor.stat()
            let size = Int(status.size)
            guard status.type == .regular else {
                return .rejected(Rejection(.notRegularFile, "not a regular file (\(status.type.reasonPhrase))"), size: nil)
            }
            if refusesHardLinks, status.linkCount > 1 {
                return .rejected(Rejection(.refused, "refused: it has \(status.linkCount) hard links (a file linked from elsewhere is never read)"), size: nil)
            }
            if let refusedOwner, status.userID.rawValue == refusedOwner {
                return .rejected(Rejection(.refused, "refused: it belongs to the service's own user (uid \(refusedOwner)), which producers never are (inbox.refuse_own_files)"), size: nil)
            }
            guard size <= maxFileBytes else {
                return .rejected(Rejection(.tooLarge, "too large (\(size) bytes; the limit is \(maxFileBytes))"), size: size)
            }
            if watchesWriters, WriterCheck.hasWriter(descriptor) { return .busy("a writer has it open") }
            let bytes = try readAll(descriptor, expected: size)
            if watchesWriters {
                let after = try descriptor.stat()
                if FileIdentity(after) != FileIdentity(status) { return .busy("it changed while being read") }
            }
            guard bytes.count <= maxFileBytes else {
                return .rejected(Rejection(.tooLarge, "too large (grew past \(maxFileBytes) bytes while being read)"), size: bytes.count)
            }
            return .bytes(bytes)
        } catch {
            return .rejected(Rejection(.unreadable, "unreadable (\(Self.describe(error)))"), size: nil)
        }
    }

    /// Reads to end of file, but never more than one byte past the limit.
    private func readAll(_ descriptor: FileDescriptor, expected: Int) throws -> [UInt8] {
        let cap = maxFileBytes + 1
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected, cap))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < cap {
            let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0, retryOnInterrupt: true) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<min(count, cap - bytes.count)])
        }
        return bytes
    }

    private func openFailure(_ error: any Error, path: String) -> Rejection {
        switch error as? Errno {
        case .tooManySymbolicLinkLevels? where !followsSymbolicLinks:
            return Rejection(.notRegularFile, "not a regular file (a symbolic link, which is not followed)")
        case .noSuchAddressOrDevice?:
            return Rejection(.notRegularFile, "not a regular file (a socket or a device without a driver)")
        case .noSuchFileOrDirectory?:
            return Rejection(.unreadable, "unreadable (no such file)")
        case .permissionDenied?:
            return Rejection(.unreadable, "unreadable (permission denied)")
        default:
            return Rejection(.unreadable, "unreadable (\(Self.describe(error)))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let errno = error as? Errno else { return "\(error)" }
        return "\(errno.description.lowercased())"
    }
}
