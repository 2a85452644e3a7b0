// swift-tools-version:6.1
// The build-context benchmark: a separate package so the root package needs no bench target.
import PackageDescription

// A path dependency's identity is its directory's name, which differs between checkouts;
// bench/context/run links the root package as .build/berth so its identity is always "berth".

let package = Package(
    name: "context-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".build/berth"),
    ],
    targets: [
        .executableTarget(
            name: "context-bench",
            dependencies: [.product(name: "ComposeRuntime", package: "berth")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
    ]
)
