// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Berth",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "berth", targets: ["berth"]),
        .library(name: "EngineClient", targets: ["EngineClient"]),
        .library(name: "ComposeRuntime", targets: ["ComposeRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // glibc's malloc.h, for `mallopt`.
        .systemLibrary(name: "CMalloc"),
        // The one place that touches the host: file system and environment as injected values,
        // and the small helpers (Go path cleaning, JSON string escaping) several modules share.
        .target(name: "BerthBasics", dependencies: ["CMalloc"], swiftSettings: strict),
        .target(name: "YAMLSyntax", dependencies: ["CLibYAML"], swiftSettings: strict),
        .target(name: "ComposeModel", exclude: ["model.fields"], swiftSettings: strict),
        .target(name: "ComposeLoader", dependencies: ["BerthBasics", "ComposeModel", "YAMLSyntax"], swiftSettings: strict),
        .target(name: "ComposePlanner", dependencies: ["ComposeModel"], swiftSettings: strict),
        .target(name: "DockerfileSyntax", swiftSettings: strict),
        .target(name: "ComposeLint", dependencies: ["BerthBasics", "ComposeModel", "YAMLSyntax", "DockerfileSyntax"], swiftSettings: strict),
        .target(
            name: "EngineClient",
            dependencies: [
                "BerthBasics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["engine.fields"],
            swiftSettings: strict
        ),
        .target(name: "FileWatch", dependencies: ["BerthBasics"], swiftSettings: strict),
        .target(
            name: "ComposeRuntime",
            dependencies: [
                "BerthBasics", "ComposeModel", "ComposePlanner", "EngineClient", "FileWatch",
            ],
            swiftSettings: strict
        ),
        .target(name: "StackRuntime", dependencies: ["BerthBasics", "ComposeModel", "ComposePlanner", "EngineClient"], swiftSettings: strict),
        .target(
            name: "BerthCommands",
            dependencies: [
                "BerthBasics", "YAMLSyntax", "ComposeModel", "ComposeLoader", "ComposePlanner", "EngineClient", "ComposeRuntime",
                "ComposeLint", "FileWatch", "StackRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "berth", dependencies: ["BerthCommands"], swiftSettings: strict),
        // Test support: an in-memory engine behind `EngineAPI` (containers, networks, volumes,
        // images, events, health, injected faults).
        .target(name: "EngineTesting", dependencies: ["EngineClient"], swiftSettings: strict),

        .testTarget(name: "BerthBasicsTests", dependencies: ["BerthBasics"]),
        .testTarget(name: "YAMLSyntaxTests", dependencies: ["YAMLSyntax"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ComposeLoaderTests", dependencies: ["BerthBasics", "ComposeLoader", "ComposeModel", "YAMLSyntax"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ComposePlannerTests", dependencies: ["ComposePlanner", "ComposeModel"]),
        .testTarget(name: "DockerfileSyntaxTests", dependencies: ["DockerfileSyntax"]),
        .testTarget(
            name: "ComposeLintTests",
            dependencies: ["BerthBasics", "ComposeLint", "ComposeLoader", "ComposeModel", "YAMLSyntax", "DockerfileSyntax"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "EngineClientTests", dependencies: ["BerthBasics", "EngineClient",
            .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "FileWatchTests", dependencies: ["FileWatch"]),
        .testTarget(name: "ComposeRuntimeTests", dependencies: ["BerthBasics", "ComposeRuntime", "ComposeLoader", "ComposeModel", "ComposePlanner", "EngineClient", "EngineTesting", "FileWatch"]),
        .testTarget(name: "BerthCommandsTests", dependencies: ["BerthBasics", "BerthCommands", "ComposeLoader", "ComposeRuntime", "EngineClient", "YAMLSyntax",
            .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "StackRuntimeTests", dependencies: ["BerthBasics", "StackRuntime", "ComposeLoader", "ComposeModel", "EngineClient"]),
    ]
)

// BERTH_CORE_ONLY=1 builds only the file pipeline (YAML, model, loader, planner) and its
// tests, without SwiftNIO: a quick loop for loader work on a 2-core machine.
if Context.environment["BERTH_CORE_ONLY"] == "1" {
    let engineSide: Set<String> = [
        "EngineClient", "EngineTesting", "ComposeRuntime", "StackRuntime", "BerthCommands", "berth",
        "EngineClientTests", "ComposeRuntimeTests", "BerthCommandsTests", "StackRuntimeTests",
    ]
    package.targets.removeAll { engineSide.contains($0.name) }
    package.products = []
    package.dependencies = []
}
