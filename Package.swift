// swift-tools-version: 6.1
import PackageDescription

/// Every target compiles in the Swift 6 language mode with these upcoming features on, so
/// existential types are spelled `any` and imports stay explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Tidings",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tidings", targets: ["tidings"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        // The YAML parser swift-configuration reads with; `tidings config check` walks the
        // file's keys with it to name the ones nothing reads.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // NIOThreadPool: blocking file and SQLite work on threads of its own, off Swift's cooperative pool.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Metrics: recorded through swift-metrics, exposed in Prometheus' text format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The PostgreSQL store, for several daemons sharing one store (SQLite stays the default).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure article logic: parsing, normalisation, fingerprints, similarity. No I/O.
        .target(
            name: "TidingsCore",
            dependencies: ["CLibXML2", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // libxml2's HTML parser, through its module map (Debian: libxml2-dev, found with pkg-config).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Zstandard, which compresses the raw bytes the store keeps (Debian: libzstd-dev).
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // libsystemd, through its module map (Debian: libsystemd-dev, found with pkg-config).
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // The Linux calls Tidings makes, through one wrapper that retries EINTR and throws the
        // failing call with its errno: files, directories, inotify, leases, datagram sockets.
        .target(
            name: "LinuxSystem",
            dependencies: ["CLinuxSystem", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSettings
        ),
        // The few Linux calls Glibc's Swift module leaves out (they need _GNU_SOURCE).
        .target(name: "CLinuxSystem"),
        // The systemd contract: readiness and status, the watchdog, native journald logging.
        .target(
            name: "Systemd",
            dependencies: ["CSystemd", "LinuxSystem", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // The durable store: a protocol, its SQLite (GRDB) implementation and its PostgreSQL one.
        .target(
            name: "TidingsStore",
            dependencies: [
                "TidingsCore", "LinuxSystem", "CZstd", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Reading files safely, configuration, and the ingest pipeline the daemon runs.
        .target(
            name: "TidingsDaemon",
            dependencies: [
                "TidingsCore", "TidingsStore", "Systemd", "LinuxSystem",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The command line: argument parsing and output formatting only.
        .executableTarget(
            name: "tidings",
            dependencies: [
                "TidingsCore", "TidingsStore", "TidingsDaemon", "Systemd", "LinuxSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        // Generates a labelled corpus and measures ingest speed and dedup accuracy (`make bench`).
        .executableTarget(
            name: "tidings-bench",
            dependencies: [
                "TidingsCore", "TidingsStore", "TidingsDaemon",
                // The shared-store benchmark starts its PostgreSQL server as the tests do.
                "TidingsTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The store's floor is measured with plain SQL on the same schema.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/tidings-bench",
            swiftSettings: strictSettings
        ),
        // Fixtures shared by the test targets: the seeds, temporary directories, copy variants.
        .target(name: "TidingsTesting", dependencies: ["CLinuxSystem"], path: "Tests/TidingsTesting", swiftSettings: strictSettings),
        .testTarget(name: "TidingsCoreTests", dependencies: ["TidingsCore", "TidingsTesting", "TidingsFuzzTargets"], swiftSettings: strictSettings),
        .testTarget(name: "TidingsStoreTests", dependencies: ["TidingsStore", "TidingsTesting"], swiftSettings: strictSettings),
        .testTarget(name: "LinuxSystemTests", dependencies: ["LinuxSystem", "TidingsTesting"], swiftSettings: strictSettings),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", "TidingsTesting"], swiftSettings: strictSettings),
        .testTarget(
            name: "TidingsDaemonTests",
            dependencies: ["TidingsDaemon", "LinuxSystem", "Systemd", "TidingsTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings),
        // Fuzz targets for every parser (`make fuzz`); without -DFUZZING, a replayer of inputs.
        .target(name: "TidingsFuzzTargets", dependencies: ["TidingsCore"], path: "Fuzz/TidingsFuzzTargets", swiftSettings: strictSettings),
        .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "tidings-fuzz", dependencies: ["TidingsFuzzTargets", "CLibFuzzer"], path: "Fuzz/tidings-fuzz",
            swiftSettings: strictSettings),
        // Runs the built `tidings` binary as a user would.
        .testTarget(name: "TidingsCLITests", dependencies: ["tidings", "TidingsTesting", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
