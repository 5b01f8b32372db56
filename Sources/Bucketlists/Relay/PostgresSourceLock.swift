import Logging
import PostgresNIO
import ServiceLifecycle

/// The claim of one server instance on its `--source` in a shared PostgreSQL database, and the relay's wake-up.
///
/// ``acquire(source:database:logger:)`` opens a connection of its own and takes a session advisory lock named
/// after the source: a second server started with the same source is refused with ``SourceInUse``, so two
/// relays never number and append one source's rows. The lock lasts as long as that connection.
///
/// As a service, it listens on that connection for the notifications the store sends at each commit and
/// nudges the relay when one names its source, so records reach the log at once (the poll is the fallback).
/// If the connection is lost, the lock is gone: ``run()`` throws ``LockLost``, which stops the server.
public final class PostgresSourceLock: Service, Sendable {
    /// The source this instance holds.
    public let source: String
    private let database: String
    private let connection: PostgresConnection
    private let relay: LogRelay
    private let logger: Logger

    private init(source: String, database: String, connection: PostgresConnection, relay: LogRelay, logger: Logger) {
        self.source = source
        self.database = database
        self.connection = connection
        self.relay = relay
        self.logger = logger
    }

    /// Another server holds this source on this database.
    public struct SourceInUse: Error, CustomStringConvertible {
        /// The source asked for.
        public var source: String
        /// Where.
        public var database: String

        /// One line for the operator.
        public var description: String {
            "another bucketlist-server is running with --source \(source) on \(database); give each instance "
                + "a --source of its own (two relays of one source would corrupt its log)"
        }
    }

    /// Takes the lock of `source` on `database` for `relay`, which it will nudge.
    ///
    /// - Throws: ``SourceInUse`` when another session holds it; a postgres-nio error when the server cannot
    ///   be reached.
    public static func acquire(
        source: String, database: PostgresDatabase, relay: LogRelay, logger: Logger
    ) async throws -> PostgresSourceLock {
        let connection = try await PostgresConnection.connect(
            configuration: database.connectionConfiguration, id: 1, logger: logger)
        var held = false
        for try await value in try await connection.query(
            "SELECT pg_try_advisory_lock(hashtextextended(\("bucketlist-source:" + source), 0))", logger: logger
        ).decode(Bool.self) {
            held = value
        }
        guard held else {
            try? await connection.close()
            throw SourceInUse(source: source, database: database.address.description)
        }
        return PostgresSourceLock(
            source: source, database: database.address.description, connection: connection, relay: relay,
            logger: logger)
    }

    /// Nudges the relay on every notification of its source until graceful shutdown, then releases the lock.
    ///
    /// - Throws: When the connection (and so the lock) is lost while serving.
    public func run() async throws {
        var failure: (any Error)?
        do {
            let notifications = try await connection.listen(PostgresOutbox.channel)
            relay.nudge()
            try await cancelWhenGracefulShutdown { [source, relay] in
                for try await notification in notifications where notification.payload == source {
                    relay.nudge()
                }
            }
        } catch {
            failure = error
        }
        try? await connection.close()
        // Shutting down (gracefully, or because another service failed) ends the claim; anything else lost it.
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        throw LockLost(
            source: source, database: database, reason: failure.map(Self.reason) ?? "the connection was closed")
    }

    /// The connection holding the lock was lost while serving: another instance may now take the source, so
    /// this one stops rather than go on numbering the source's rows.
    public struct LockLost: Error, CustomStringConvertible {
        /// The source this instance held.
        public var source: String
        /// Where.
        public var database: String
        /// What the database server or the network said.
        public var reason: String

        /// One line for the operator.
        public var description: String {
            "lost the PostgreSQL connection that holds --source \(source) on \(database) (\(reason)); stopping, "
                + "so that no two relays number this source's records; start the server again to claim it"
        }
    }

    /// The server's message when there is one (never a query or a password), else the error's type.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return error.serverInfo?[.message] ?? "\(error.code)"
        }
        return "\(type(of: error))"
    }

    /// Closes the connection, which releases the lock (for the one-shot use of ``acquire``).
    public func release() async {
        try? await connection.close()
    }
}
