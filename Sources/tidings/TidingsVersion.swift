/// The release `tidings --version` prints. The Debian package's version
/// (`debian/changelog`) is the same; a test keeps the two together.
enum TidingsVersion {
    static let current = "0.18.0"
}
