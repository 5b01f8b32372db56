import BackendTestSupport
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import SignalLog
import Testing

@testable import BucketlistServer
@testable import Bucketlists

/// A server over an in-memory database (bcrypt cost 4) and a temporary feed folder.
struct TestServer {
    let store: BucketlistStore
    let folder: URL
    var feedDirectory: URL { folder.appendingPathComponent("feed") }

    init(configuration: BucketlistStore.Configuration = .init(source: "test-1", passwordCost: 4)) throws {
        store = BucketlistStore(
            database: try AppDatabase.inMemory(),
            configuration: configuration,
            logger: Logger(label: "test.store")
        )
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: feedDirectory, withIntermediateDirectories: true)
    }

    /// A server over a fresh database of `backend`.
    init(
        _ backend: TestBackend, configuration: BucketlistStore.Configuration = .init(source: "test-1", passwordCost: 4)
    ) async throws {
        store = BucketlistStore(
            backend: try await backend.makeBackend(), configuration: configuration, logger: Logger(label: "test.store"))
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: feedDirectory, withIntermediateDirectories: true)
    }

    /// Runs `test` against the real router, then removes the temporary files.
    ///
    /// `limits` are the sign-in throttle's; `clock` is the time it counts with.
    func run(
        limits: SignInThrottle.Limits = SignInThrottle.Limits(),
        clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger? = nil,
        _ test: @escaping @Sendable (APIClient) async throws -> Void
    ) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var quiet = Logger(label: "test")
        quiet.logLevel = .warning
        var settings = ServerSettings(feedDirectory: feedDirectory.path)
        settings.signInLimits = limits
        let app = Application(
            router: buildRouter(store: store, settings: settings, clock: clock), logger: logger ?? quiet)
        try await app.test(.router) { client in try await test(APIClient(client: client)) }
    }

    /// Every record in the outbox, by seq (nothing relays it in these tests, so on PostgreSQL the store's own
    /// relay numbers them first, as the server's would, and leaves them in place).
    func records() async throws -> [SignalRecord] {
        switch store.backend {
        case .sqlite(let database):
            return try await database.writer.read { db in
                try OutboxEntry.order(OutboxEntry.Columns.seq).fetchAll(db).map { try $0.record() }
            }
        case .postgres(let database):
            let source = store.configuration.source
            _ = try await PostgresOutbox.number(
                source: source, limit: 1_000_000, database: database, logger: Logger(label: "test"))
            return try await PostgresOutbox.numbered(source: source, limit: 1_000_000, database: database)
                .map { try $0.record() }
        }
    }

    /// A user created directly in the store, with a bearer token.
    func user(_ name: String, role: User.Role = .user) async throws -> (user: User, token: String) {
        let user = try await store.register(username: name, password: "password-\(name)", role: role)
        return (user, try await store.issueToken(for: user).token)
    }
}
