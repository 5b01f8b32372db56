import BackendTestSupport
import Logging
import PostgresNIO
import Testing

@testable import Bucketlists

@Suite("One server per --source on a shared PostgreSQL database")
struct PostgresSourceLockTests {
    let database: Bucketlists.PostgresDatabase
    let logger = Logger(label: "test.source-lock")

    init() async throws {
        let backend = try await TestBackend.postgres.makeBackend()
        guard case .postgres(let database) = backend else {
            Issue.record("TestBackend.postgres made \(backend)")
            throw CancellationError()
        }
        self.database = database
    }

    func relay(_ source: String) -> LogRelay {
        LogRelay(backend: .postgres(database), source: source, logger: logger) { _ in }
    }

    @Test func aSecondClaimOfOneSourceIsRefusedUntilTheFirstIsReleasedAndOtherSourcesAreFree() async throws {
        let first = try await PostgresSourceLock.acquire(
            source: "app-1", database: database, relay: relay("app-1"), logger: logger)
        let refused = await #expect(throws: PostgresSourceLock.SourceInUse.self) {
            _ = try await PostgresSourceLock.acquire(
                source: "app-1", database: database, relay: relay("app-1"), logger: logger)
        }
        #expect(refused?.description.contains("another bucketlist-server is running with --source app-1") == true)
        let other = try await PostgresSourceLock.acquire(
            source: "app-2", database: database, relay: relay("app-2"), logger: logger)
        await first.release()
        let again = try await PostgresSourceLock.acquire(
            source: "app-1", database: database, relay: relay("app-1"), logger: logger)
        await again.release()
        await other.release()
    }

    @Test func losingTheConnectionThatHoldsTheLockStopsTheClaimWithAOneLineReason() async throws {
        let claim = try await PostgresSourceLock.acquire(
            source: "app-1", database: database, relay: relay("app-1"), logger: logger)
        let running = Task { try await claim.run() }
        // The claim's session is the one holding an advisory lock in this database; an administrator ends it.
        var terminated = false
        for _ in 0..<100 where !terminated {
            let rows = try await database.client.query(
                """
                SELECT pg_terminate_backend(pid) FROM pg_locks
                WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, logger: logger)
            for try await value in rows.decode(Bool.self) { terminated = terminated || value }
            if !terminated { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(terminated)
        let lost = await #expect(throws: PostgresSourceLock.LockLost.self) { try await running.value }
        #expect(lost?.source == "app-1")
        #expect(lost?.description.contains("terminating connection due to administrator command") == true)
        #expect(lost?.description.contains("start the server again") == true)
        // Nothing holds the source now: a restarted server claims it.
        let restarted = try await PostgresSourceLock.acquire(
            source: "app-1", database: database, relay: relay("app-1"), logger: logger)
        await restarted.release()
    }
}
