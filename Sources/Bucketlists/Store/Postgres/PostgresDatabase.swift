import Foundation
import Logging
import PostgresNIO

/// The application's PostgreSQL database: a connection pool and its schema.
///
/// ``open(address:logger:)`` starts the pool, waits until it can run a query, and brings the schema up to date
/// with the named, versioned migrations (``migrations``), each applied once in its own transaction and
/// recorded in `schema_migrations`. Several instances starting at once take turns (a transaction-scoped
/// advisory lock), so each migration runs exactly once. Call ``close()`` when done.
public final class PostgresDatabase: Sendable {
    /// The pool every query goes through.
    public let client: PostgresClient
    /// Where the database is: safe to log, it holds no password.
    public let address: PostgresAddress
    /// How to open one more connection outside the pool (the relay's listener holds one for its life).
    let connectionConfiguration: PostgresConnection.Configuration
    private let runTask: Task<Void, Never>

    private init(address: PostgresAddress, password: String?, maximumConnections: Int, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.username, password: password,
            database: address.database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.address = address
        self.connectionConfiguration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.username, password: password,
            database: address.database, tls: .disable)
        self.runTask = Task { await client.run() }
    }

    /// Connects to `address` (password from ``PostgresPassword``), migrates, and returns the database.
    ///
    /// - Throws: ``DatabaseOpenError`` saying in one line what failed (server unreachable, authentication,
    ///   missing database, a migration) and where.
    public static func open(
        address: PostgresAddress,
        password: String? = nil,
        maximumConnections: Int = 16,
        logger: Logger
    ) async throws -> PostgresDatabase {
        let database = PostgresDatabase(
            address: address, password: password ?? PostgresPassword.lookup(for: address),
            maximumConnections: maximumConnections, logger: logger)
        do {
            try await database.migrate(logger: logger)
        } catch {
            database.close()
            throw DatabaseOpenError(path: address.description, error: error)
        }
        return database
    }

    /// Stops the pool; queries after this fail.
    public func close() {
        runTask.cancel()
    }

    /// The named migrations, applied in order; a migration never changes once released.
    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1: users, tokens, bucketlists, items, outbox, per-source counters",
            [
                """
                CREATE TABLE users (
                    id BIGSERIAL PRIMARY KEY,
                    username TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
                    created_at TIMESTAMPTZ NOT NULL)
                """,
                // Usernames are ASCII, so lower() makes them unique case-insensitively, as on SQLite.
                "CREATE UNIQUE INDEX users_username_key ON users (lower(username))",
                """
                CREATE TABLE access_tokens (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    digest TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('bearer', 'feed')),
                    created_at TIMESTAMPTZ NOT NULL,
                    expires_at TIMESTAMPTZ)
                """,
                "CREATE INDEX access_tokens_user_id ON access_tokens (user_id)",
                """
                CREATE TABLE bucketlists (
                    id BIGSERIAL PRIMARY KEY,
                    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX bucketlists_owner_id ON bucketlists (owner_id, id)",
                """
                CREATE TABLE items (
                    id BIGSERIAL PRIMARY KEY,
                    bucketlist_id BIGINT NOT NULL REFERENCES bucketlists(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    done BOOLEAN NOT NULL DEFAULT FALSE,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX items_bucketlist_id ON items (bucketlist_id, id)",
                // The outbox. A request inserts its rows with no seq (no shared counter on the request path);
                // the relay of the row's source numbers them as it drains, advancing outbox_counters in the
                // same transaction, so seq is gapless per source and a numbered row keeps its seq until deleted.
                """
                CREATE TABLE outbox (
                    id BIGSERIAL PRIMARY KEY,
                    source TEXT NOT NULL,
                    seq BIGINT,
                    ts BIGINT NOT NULL,
                    signal TEXT NOT NULL,
                    actor_id BIGINT NOT NULL,
                    actor_name TEXT NOT NULL,
                    subject_type TEXT NOT NULL,
                    subject_id BIGINT NOT NULL,
                    subject_title TEXT NOT NULL,
                    parent_type TEXT,
                    parent_id BIGINT,
                    parent_title TEXT,
                    changes TEXT NOT NULL,
                    request_id TEXT)
                """,
                "CREATE UNIQUE INDEX outbox_source_seq ON outbox (source, seq)",
                "CREATE INDEX outbox_unnumbered ON outbox (source, id) WHERE seq IS NULL",
                "CREATE TABLE outbox_counters (source TEXT PRIMARY KEY, last_seq BIGINT NOT NULL)",
            ]
        )
    ]

    /// The key of the advisory lock that makes concurrent migrations take turns.
    static let migrationLockKey: Int64 = 0x6275_636b_6574  // "bucket"

    /// Migrates on a connection of its own, closed after: the pool's run task may not have started yet, and a
    /// pool leased before it runs only waits (and says so in a warning at every start).
    private func migrate(logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: connectionConfiguration, id: 0, logger: logger)
        do {
            try await Self.migrate(on: connection, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    private static func migrate(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
                logger: logger)
        }
        for migration in Self.migrations {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))", logger: logger)
                let rows = try await connection.query(
                    "SELECT 1 FROM schema_migrations WHERE name = \(migration.name)", logger: logger)
                var applied = false
                for try await _ in rows { applied = true }
                guard !applied else { return }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (\(migration.name), now())",
                    logger: logger)
            }
        }
    }

    /// The names of the migrations applied to this database, in the order they were applied.
    public func appliedMigrations() async throws -> [String] {
        let rows = try await client.query("SELECT name FROM schema_migrations ORDER BY applied_at, name")
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }
}

extension PostgresDatabase {
    /// Runs `body` in one transaction on a pooled connection: committed if it returns, rolled back if it
    /// throws. The error `body` throws is rethrown as it is, so callers can match a ``StoreError``.
    func transaction<Value: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                // After a failed COMMIT the server has already rolled back; ROLLBACK then only warns.
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}
