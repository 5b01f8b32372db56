import Foundation
import GRDB
import Logging
import SignalLog
import Synchronization

@testable import Bucketlists

/// A store over a fresh in-memory database, with a cheap bcrypt cost and a clock tests can move.
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

    func advance(by seconds: TimeInterval) {
        clock.advance(by: seconds)
    }

    /// Every record still in the outbox, by seq.
    func outbox() async throws -> [SignalRecord] {
        try await store.database.writer.read { db in
            try OutboxEntry.order(OutboxEntry.Columns.seq).fetchAll(db).map { try $0.record() }
        }
    }

    func register(_ username: String, role: User.Role = .user) async throws -> User {
        try await store.register(username: username, password: "password-\(username)", role: role)
    }
}
