// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Signalbox",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "signalbox", targets: ["signalbox"]),
        .library(name: "MailboxCore", targets: ["MailboxCore"]),
        .library(name: "MailboxServer", targets: ["MailboxServer"]),
        .library(name: "MailboxClient", targets: ["MailboxClient"]),
        /// The store on PostgreSQL, for many nodes on one database (`serve --store postgres://…`).
        .library(name: "MailboxPostgres", targets: ["MailboxPostgres"]),
        .library(name: "SignalboxUI", targets: ["SignalboxUI"]),
        /// The ncurses screen; a product so that the frame benchmark can draw through it.
        .library(name: "Terminal", targets: ["Terminal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "MailboxCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "MailboxServer",
            dependencies: [
                "MailboxCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "MailboxPostgres",
            dependencies: [
                "MailboxCore",
                "MailboxServer",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "MailboxClient",
            dependencies: [
                "MailboxCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "SignalboxUI", dependencies: ["MailboxCore"]),
        .systemLibrary(
            name: "CNCurses"
            // No pkgConfig: SwiftPM would only drop its cflags with a warning, and the module map
            // links ncursesw (Debian's libncursesw.so brings in tinfo). .ci/run installs the headers.
        ),
        .target(
            name: "Terminal",
            dependencies: ["CNCurses", "SignalboxUI"],
            plugins: ["SystemLibraryCheck"]
        ),
        .systemLibrary(
            name: "CQREncode"
            // Debian's libqrencode-dev, which .ci/run installs; linked by the module map.
        ),
        /// QR codes of join URLs, encoded by libqrencode into the UI's pure `QRMatrix`.
        .target(
            name: "QRCode",
            dependencies: ["CQREncode", "SignalboxUI"],
            plugins: ["SystemLibraryCheck"]
        ),
        /// Names the Debian package to install when a C library's headers are missing, before
        /// the compiler would bury it under errors.
        .plugin(name: "SystemLibraryCheck", capability: .buildTool()),
        .executableTarget(
            name: "signalbox",
            dependencies: [
                "MailboxCore",
                "MailboxServer",
                "MailboxClient",
                "MailboxPostgres",
                "SignalboxUI",
                "Terminal",
                "QRCode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // The handshake `signalbox demo` plays, compiled into the binary (scripts/record-demo.py).
            resources: [.embedInCode("Resources/chromium-handshake.jsonl")],

            plugins: ["BuildCommit"]
        ),
        /// Writes the commit the binary is built from into it, for `--version`.
        .plugin(name: "BuildCommit", capability: .buildTool()),
        /// Helpers shared by the test targets.
        .target(name: "TestSupport", dependencies: ["MailboxCore", "MailboxServer", "MailboxClient"], path: "Tests/TestSupport"),
        .testTarget(
            name: "MailboxCoreTests",
            dependencies: ["MailboxCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "MailboxServerTests",
            dependencies: [
                "MailboxCore",
                "MailboxServer",
                "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(
            name: "MailboxClientTests",
            dependencies: [
                "MailboxClient",
                "TestSupport",
                "MailboxCore",
                "MailboxServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MailboxPostgresTests",
            dependencies: [
                "MailboxPostgres",
                "MailboxCore",
                "MailboxServer",
                "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TerminalTests",
            dependencies: ["Terminal", "SignalboxUI"]
        ),
        .testTarget(
            name: "QRCodeTests",
            dependencies: ["QRCode", "SignalboxUI", "TestSupport"]
        ),
        .testTarget(
            name: "SignalboxUITests",
            dependencies: ["SignalboxUI"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "SignalboxTests",
            dependencies: ["signalbox", "MailboxServer", "MailboxCore", "MailboxClient", "SignalboxUI", "TestSupport"]
        ),
    ]
)
