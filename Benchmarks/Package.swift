// swift-tools-version: 6.1
import PackageDescription

/// Micro-benchmarks of the store and the renderer, in a package of their own so that the root
/// package's `swift build` and `swift test` never build them or package-benchmark. Run them with
/// `swift package --package-path Benchmarks benchmark` from the repository's root.
let package = Package(
    name: "SignalboxBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that the targets below find it whatever the clone's folder is called.
        .package(name: "Signalbox", path: ".."),
        // MallocInterposer counts mallocs. The other default trait, RuntimeInterposer (ARC counts on
        // Linux with Swift 6.3), would pull in swift-runtime-interposer, which the mirror lacks.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MailboxCore", package: "Signalbox"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RenderBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SignalboxUI", package: "Signalbox"),
                .product(name: "Terminal", package: "Signalbox"),
            ],
            path: "Benchmarks/RenderBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
