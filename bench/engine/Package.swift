// swift-tools-version:6.1
// The EngineClient benchmark: a separate package so the root package needs no bench target.
import PackageDescription

// A path dependency's identity is its directory's name, which differs between checkouts (and
// may even be "engine", this package's own name); bench/engine/run links the root package as
// .build/berth so its identity is always "berth".

let package = Package(
    name: "engine-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".build/berth"),
    ],
    targets: [
        .executableTarget(
            name: "engine-bench",
            dependencies: [.product(name: "EngineClient", package: "berth")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
    ]
)
