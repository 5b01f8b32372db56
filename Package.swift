// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "bucketlist-activity",
    platforms: [.macOS(.v15)],
    products: [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: []
)

// Each block below adds one library or executable with its tests
// in dependency order, each declaring exactly what its files import.

// Signals: named signals in the style of blinker.
package.products.append(.library(name: "Signals", targets: ["Signals"]))
package.targets.append(contentsOf: [
    .target(name: "Signals"),
    .testTarget(name: "SignalsTests", dependencies: ["Signals"]),
])  // Signals

// SignalLog: the record format, the durable appender, the streaming reader.
package.products.append(.library(name: "SignalLog", targets: ["SignalLog"]))
package.targets.append(contentsOf: [
    .target(name: "SignalLog"),
    .testTarget(name: "SignalLogTests", dependencies: ["SignalLog"]),
])  // SignalLog

// ActivityFeed: the tailer, the feed store and the publishers, over libxml2.
package.products.append(.library(name: "ActivityFeed", targets: ["ActivityFeed"]))
package.targets.append(contentsOf: [
    .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
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
    .testTarget(
        name: "ActivityFeedTests",
        dependencies: ["ActivityFeed", "SignalLog", "CLibXML2", .product(name: "Logging", package: "swift-log")]
    ),
])  // ActivityFeed

// Bucketlists and bucketlist-server: the GRDB store with its transactional outbox,
// and the Hummingbird HTTP API with authentication and the admin-only routes.
package.products.append(.library(name: "Bucketlists", targets: ["Bucketlists"]))
package.products.append(.executable(name: "bucketlist-server", targets: ["BucketlistServer"]))
package.targets.append(contentsOf: [
    .target(
        name: "Bucketlists",
        dependencies: [
            "Signals",
            "SignalLog",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ),
    .executableTarget(
        name: "BucketlistServer",
        dependencies: [
            "Bucketlists",
            "SignalLog",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ),
    // What the store and route tests share: the backends they run against, and a scratch PostgreSQL cluster.
    .target(
        name: "BackendTestSupport",
        dependencies: ["Bucketlists", .product(name: "Logging", package: "swift-log")],
        path: "Tests/BackendTestSupport"
    ),
    .testTarget(
        name: "BucketlistsTests",
        dependencies: [
            "Bucketlists", "Signals", "SignalLog", "BackendTestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ),
    .testTarget(
        name: "BucketlistServerTests",
        dependencies: [
            "BucketlistServer",
            "Bucketlists",
            "SignalLog",
            "ActivityFeed",
            "BackendTestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
])  // Bucketlists and bucketlist-server

// ActivityFeedCLI: the `activity-feed` command line over ActivityFeed (build, stats).
package.products.append(.executable(name: "activity-feed", targets: ["ActivityFeedCLI"]))
package.targets.append(contentsOf: [
    .executableTarget(
        name: "ActivityFeedCLI",
        dependencies: [
            "ActivityFeed",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]
    )
])  // ActivityFeedCLI

// The same Swift settings for every target: Swift 6 language mode (complete
// strict concurrency) plus the upcoming features the codebase relies on.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
