import BackendTestSupport
import Foundation
import GRDB
import Logging
import PostgresNIO
import SignalLog
import Synchronization

@testable import Bucketlists

/// A store over a fresh database of the given backend (in-memory SQLite by default), with a cheap bcrypt cost
/// and a clock tests can move.
struct TestStore {
    /// A clock that stands still until a test moves it.
    final class ManualClock: Sendable {
        private let now = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var date: Date { now.withLock { $0 } }
        func advance(by seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    let store: BucketlistStore
    let clock = ManualClock()

    init(source: String = "test-1") throws {
        let clock = clock
        self.store = BucketlistStore(
            database: try AppDatabase.inMemory(),
            configuration: .init(source: source, tokenLifetime: 3600, passwordCost: 4),
            logger: Logger(label: "test.store"),
            clock: { clock.date }
        )
    }

    init(_ backend: TestBackend, source: String = "test-1") async throws {
        let clock = clock
        self.store = BucketlistStore(
            backend: try await backend.makeBackend(),
            configuration: .init(source: source, tokenLifetime: 3600, passwordCost: 4),
            logger: Logger(label: "test.store"),
            clock: { clock.date }
        )
    }

    func advance(by seconds: TimeInterval) {
        clock.advance(by: seconds)
    }

    /// Every record still in the outbox, by seq. On PostgreSQL, rows a relay has not numbered yet get the
    /// `seq` it would give them: the next numbers of their source, in insertion order.
    func outbox() async throws -> [SignalRecord] {
        switch store.backend {
        case .sqlite(let database):
            return try await database.writer.read { db in
                try OutboxEntry.order(OutboxEntry.Columns.seq).fetchAll(db).map { try $0.record() }
            }
        case .postgres(let database):
            let rows = try await database.client.query(
                """
                SELECT coalesce(seq, coalesce((SELECT last_seq FROM outbox_counters c WHERE c.source = o.source), 0)
                    + row_number() OVER (PARTITION BY source, seq IS NULL ORDER BY id)),
                    ts, source, signal, actor_id, actor_name, subject_type, subject_id, subject_title,
                    parent_type, parent_id, parent_title, changes, request_id
                FROM outbox o ORDER BY seq NULLS LAST, id
                """)
            var records: [SignalRecord] = []
            for try await row in rows {
                let c = row.makeRandomAccess()
                let entry = OutboxEntry(
                    seq: try c[0].decode(Int64.self), ts: try c[1].decode(Int64.self),
                    source: try c[2].decode(String.self), signal: try c[3].decode(String.self),
                    actorId: try c[4].decode(Int64.self), actorName: try c[5].decode(String.self),
                    subjectType: try c[6].decode(String.self), subjectId: try c[7].decode(Int64.self),
                    subjectTitle: try c[8].decode(String.self), parentType: try c[9].decode(String?.self),
                    parentId: try c[10].decode(Int64?.self), parentTitle: try c[11].decode(String?.self),
                    changes: try c[12].decode(String.self), requestId: try c[13].decode(String?.self))
                records.append(try entry.record())
            }
            return records
        }
    }

    /// How many bucketlists the database holds.
    func listCount() async throws -> Int {
        try await count(table: "bucketlist", postgresTable: "bucketlists")
    }

    /// How many rows a table holds (tables are named differently on the two backends).
    func count(table: String, postgresTable: String) async throws -> Int {
        switch store.backend {
        case .sqlite(let database):
            return try await database.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
        case .postgres(let database):
            for try await count in try await database.client.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(postgresTable)")
            ).decode(Int64.self) {
                return Int(count)
            }
            return 0
        }
    }

    func register(_ username: String, role: User.Role = .user) async throws -> User {
        try await store.register(username: username, password: "password-\(username)", role: role)
    }
}
