import SystemPackage

/// Which inbox names are a writer's temporary files.
package enum InboxNames {
    /// Dot-names (rsync's `.name.XXXXXX`, editors' `.name.swp`) and names with a temporary
    /// suffix are never read: the writer renames them when it is done.
    /// In a tree, an entry is ignored when any folder on its path is: a `.upload/` folder is
    /// read once it is renamed to its final name, as a temporary file is.
    package static func isIgnored(_ name: String, suffixes: [String]) -> Bool {
        name.split(separator: "/").contains { component in
            component.hasPrefix(".") || suffixes.contains { component.hasSuffix($0) }
        }
    }

}

extension FileType {
    /// How a rejection names an entry that is not a regular file.
    var reasonPhrase: String {
        switch self {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .symbolicLink: "a symbolic link, which is not followed"
        case .fifo: "a FIFO"
        case .socket: "a socket"
        case .characterSpecial: "a character device"
        case .blockSpecial: "a block device"
        default: "an unknown kind of entry"
        }
    }
}
