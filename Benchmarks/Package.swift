// swift-tools-version:6.1

import PackageDescription

// Benchmarks live in their own package so `swift test` on the root package never builds them.
let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "bucketlist-activity", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "reader-bench",
            dependencies: [.product(name: "SignalLog", package: "bucketlist-activity")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        )
    ]
)
