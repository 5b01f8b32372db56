import BackendTestSupport
import Bucketlists
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import BucketlistServer

/// A log handler that keeps every line it is given, with its metadata.
struct CapturingLogHandler: LogHandler {
    let lines: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: String { lines.withLock { $0.joined(separator: "\n") } }
        var count: Int { lines.withLock { $0.count } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.add("\(event.level) \(event.message) \(merged)")
    }
}

@Suite("What the server logs")
struct SecretsInLogsTests {
    @Test(arguments: TestBackend.allCases)
    func requestsAreLoggedWithTheirIdButNoPasswordTokenOrHashEverIs(backend: TestBackend) async throws {
        let lines = CapturingLogHandler.Lines()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        let store = BucketlistStore(
            backend: try await backend.makeBackend(),
            configuration: .init(source: "test-1", passwordCost: 4),
            logger: logger
        )
        let feedToken = try await {
            _ = try await store.register(username: "root", password: "admin-password", role: .admin)
            return try await store.resetFeedToken(username: "root")
        }()
        let app = buildApplication(
            store: store, settings: ServerSettings(feedDirectory: "/nonexistent"), logger: logger)
        let bearer = Mutex<String>("")
        try await app.test(.router) { client in
            let api = APIClient(client: client)
            _ = try await api.register("alice", password: "alice-password")
            let login = try await api.login("alice", password: "alice-password")
            let token: TokenBody = try login.decoded()
            bearer.withLock { $0 = token.token }
            _ = try await api.login("alice", password: "wrong-password")
            _ = try await api.createList("Japan", token: token.token)
            _ = try await api.send(.get, "/admin/feed.atom?token=\(feedToken)")
            _ = try await api.send(.get, "/admin/", headers: AdminRouteTests.basic("root", "admin-password"))
        }
        let text = lines.all
        #expect(lines.count >= 6)
        #expect(text.contains("hb.request.id"))
        #expect(text.contains("/bucketlists"))
        for secret in ["alice-password", "wrong-password", "admin-password", feedToken, bearer.withLock { $0 }, "$2b$"]
        {
            #expect(!text.contains(secret))
        }
        var hashes: [String] = []
        for username in ["root", "alice"] {
            hashes.append(try #require(try await store.user(named: username)).passwordHash)
        }
        #expect(hashes.allSatisfy { $0.hasPrefix("$2") })
        #expect(hashes.allSatisfy { !text.contains($0) })
    }
}
