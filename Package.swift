// swift-tools-version:6.1

import Foundation
import PackageDescription

let package = Package(
    name: "bucketlist-activity",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Signals", targets: ["Signals"]),
        .library(name: "SignalLog", targets: ["SignalLog"]),
        .library(name: "Bucketlists", targets: ["Bucketlists"]),
        .library(name: "ActivityFeed", targets: ["ActivityFeed"]),
        .executable(name: "bucketlist-server", targets: ["BucketlistServer"]),
        .executable(name: "activity-feed", targets: ["ActivityFeedCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(name: "Signals"),
        .target(name: "SignalLog"),
        .target(
            name: "Bucketlists",
            dependencies: [
                "Signals",
                "SignalLog",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "BucketlistServer",
            dependencies: [
                "Bucketlists",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBasicAuth", package: "hummingbird-auth"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "ActivityFeed",
            dependencies: [
                "SignalLog",
                "CLibXML2",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ActivityFeedCLI",
            dependencies: [
                "ActivityFeed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "SignalsTests", dependencies: ["Signals"]),
        .testTarget(name: "SignalLogTests", dependencies: ["SignalLog"]),
        .testTarget(
            name: "BucketlistsTests",
            dependencies: ["Bucketlists", "SignalLog"]
        ),
        .testTarget(
            name: "BucketlistServerTests",
            dependencies: [
                "BucketlistServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "ActivityFeedTests",
            dependencies: ["ActivityFeed", "SignalLog", "CLibXML2"]
        ),
    ]
)

// The same Swift settings for every target: Swift 6 language mode (complete
// strict concurrency) plus the upcoming features the codebase relies on.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}

// While targets land one by one on separate branches, a target (and the
// products built from it) is part of the package only once its folder exists.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
func folderExists(_ target: Target) -> Bool {
    let folder = target.type == .test ? "Tests" : "Sources"
    return FileManager.default.fileExists(atPath: "\(packageRoot)/\(folder)/\(target.name)")
}
let presentTargets = Set(package.targets.filter(folderExists).map(\.name))
package.targets = package.targets.filter { presentTargets.contains($0.name) }
let productTargets = [
    "Signals": "Signals", "SignalLog": "SignalLog", "Bucketlists": "Bucketlists",
    "ActivityFeed": "ActivityFeed", "bucketlist-server": "BucketlistServer", "activity-feed": "ActivityFeedCLI",
]
package.products = package.products.filter { presentTargets.contains(productTargets[$0.name] ?? $0.name) }
