// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ratui",
    products: [
        .executable(name: "ratui", targets: ["ratui"]),
        .library(name: "RAPPModel", targets: ["RAPPModel"]),
        .library(name: "RATUI", targets: ["RATUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", exact: "1.7.4"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", exact: "1.19.7"),
    ],
    targets: [
        .target(
            name: "RAPPModel",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C functions, for the one place that steps a statement directly (SteppedStatement):
                // the SQLite GRDB itself links, not another library.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                // PKCS#10 and X.509 parsing and signature checks (SEC Appendix M); no ASN.1 of our own.
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                // Appendix M's batches of CSRs come as ZIP files.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            plugins: ["EmbedDefaults"]
        ),
        // The only module that sees ncurses: the system library, and C wrappers for what Swift
        // cannot import (attribute macros, getmaxyx, the fatal-signal handler).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(
            name: "CNcursesShim", dependencies: ["CNcursesw"], path: "Sources/CNcursesShim",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // Cell widths of Unicode text for the grid, in C for wcwidth(3); no ncurses here.
        .target(name: "CDisplayWidth", path: "Sources/CDisplayWidth"),
        .target(
            name: "RATUI",
            dependencies: ["RAPPModel", "CNcursesShim", "CDisplayWidth"]
        ),
        .executableTarget(
            name: "ratui",
            dependencies: [
                "RAPPModel",
                "RATUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ratui-benchmark",
            dependencies: [
                "RAPPModel", "CertificateFixtures",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(name: "EmbedDefaultsTool"),
        .plugin(
            name: "EmbedDefaults",
            capability: .buildTool(),
            dependencies: ["EmbedDefaultsTool"]
        ),
        // Requests and certificates made with swift-certificates for the tests (keys made at run time).
        .target(
            name: "CertificateFixtures",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/CertificateFixtures"
        ),
        .testTarget(
            name: "RAPPModelTests",
            dependencies: [
                "RAPPModel",
                "CertificateFixtures",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RATUITests",
            dependencies: [
                "RATUI",
                "RAPPModel",
                "CNcursesShim",
                .product(name: "GRDB", package: "GRDB.swift"),
                "CertificateFixtures",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Screens/__Snapshots__"]
        ),
        .testTarget(
            name: "ratuiTests",
            dependencies: [
                "ratui", "RAPPModel", "CertificateFixtures", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["__Snapshots__"]
        ),
    ]
)
