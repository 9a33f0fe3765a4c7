import Foundation

/// A network namespace joined to this one by a veth pair, as a second host would be by a
/// cable: the host side is `10.77.N.1`, the namespace's side `10.77.N.2`, and programs run
/// in it (`ip netns exec`) reach this host's services only through that link. Needs root;
/// removed (with its link) when released.
final class NetworkNamespace: @unchecked Sendable {
    let name: String
    let hostAddress: String
    let number: Int

    /// Whether namespaces can be made here.
    static var isAvailable: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") }

    init(number: Int) throws {
        self.number = number
        // Interface names are at most 15 bytes; the process id keeps parallel runs apart.
        let tag = "\(getpid() % 10_000)n\(number)"
        name = "tidings-\(tag)"
        hostAddress = "10.77.\(number).1"
        let (host, inside) = ("vh\(tag)", "vn\(tag)")
        try Self.ip(["netns", "add", name])
        do {
            try Self.ip(["link", "add", host, "type", "veth", "peer", "name", inside])
            try Self.ip(["link", "set", inside, "netns", name])
            try Self.ip(["addr", "add", "\(hostAddress)/24", "dev", host])
            try Self.ip(["link", "set", host, "up"])
            try Self.ip(["-n", name, "addr", "add", "10.77.\(number).2/24", "dev", inside])
            try Self.ip(["-n", name, "link", "set", inside, "up"])
            try Self.ip(["-n", name, "link", "set", "lo", "up"])
        } catch {
            try? Self.ip(["netns", "del", name])
            throw error
        }
    }

    deinit {
        // Deleting the namespace deletes its end of the pair, and with it the host's end.
        try? Self.ip(["netns", "del", name])
    }

    /// What a program is started through to run in this namespace.
    var launcher: [String] { ["/usr/sbin/ip", "netns", "exec", name] }

    private static func ip(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError("ip \(arguments.joined(separator: " ")) failed: \(String(decoding: said, as: UTF8.self))")
        }
    }
}
