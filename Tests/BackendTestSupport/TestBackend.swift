import Bucketlists
import Foundation
import Logging

/// The backends every store and route test runs against: `@Test(arguments: TestBackend.allCases)`.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A fresh in-memory SQLite database.
    case sqlite
    /// A fresh database on the test process's scratch PostgreSQL cluster (``ScratchPostgres``).
    case postgres

    /// The backend's name, as test arguments show it.
    public var description: String { rawValue }

    /// A new, empty, migrated database of this kind.
    ///
    /// - Throws: ``ScratchPostgres/Failure`` when PostgreSQL cannot be started: the test fails, it never skips.
    public func makeBackend() async throws -> StoreBackend {
        switch self {
        case .sqlite:
            return .sqlite(try AppDatabase.inMemory())
        case .postgres:
            var logger = Logger(label: "test.postgres")
            logger.logLevel = .error
            let address = try ScratchPostgres.shared().createDatabase()
            return .postgres(try await PostgresDatabase.open(address: address, maximumConnections: 8, logger: logger))
        }
    }
}

/// A test needed the SQLite database under a store that runs on another backend.
public struct NotSQLite: Error, CustomStringConvertible {
    /// The backend's name, as test arguments show it.
    public var description: String { "this store runs on PostgreSQL, not SQLite" }
}

extension BucketlistStore {
    /// The SQLite database under this store, for tests that look at its rows directly.
    ///
    /// - Throws: ``NotSQLite`` on another backend.
    public func sqlite() throws -> AppDatabase {
        guard case .sqlite(let database) = backend else { throw NotSQLite() }
        return database
    }
}
