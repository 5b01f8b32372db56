import Foundation
import GRDB
import Logging
import PostgresNIO
import SignalLog
import Signals

/// The application's operations, each one database transaction that makes the change and writes its record.
///
/// One API over two backends (``StoreBackend``): SQLite through GRDB, and PostgreSQL through postgres-nio.
/// Each operation states its work once per backend, side by side (`commit(sqlite:postgres:)`).
///
/// Every mutating method commits the change and its outbox rows together (the transactional outbox), then,
/// after the commit, sends one signal per record (see ``BucketlistSignals``). A transaction that rolls back
/// writes no record and sends nothing. The records carry `seq` = the outbox row id, `ts` = the time taken
/// inside the write transaction (writes are serialised, so `ts` follows `seq`), and `source` = the configured
/// instance name. On PostgreSQL the rows are written without a `seq`: the relay of their source numbers them as
/// it drains (see ``LogRelay``), so the records announced after commit carry `seq` 0.
///
/// On PostgreSQL, concurrent transactions lock the rows they change (`SELECT … FOR UPDATE`, the list before
/// its items), so two edits of one item never lose an update, and the ownership check runs on the locked row.
///
/// No change is acknowledged unless its records can be read back: a mutating method throws
/// ``StoreError/invalidInput(field:message:)``, and commits nothing, when a record's log line would be longer
/// than ``SignalLog/SignalRecord/maximumWrittenLineLength`` (possible only for rows written before names
/// were limited, or for a caller's over-long request id).
///
/// Reads and writes check ownership: someone else's list or item is reported as ``StoreError/notFound(_:)``,
/// exactly as a missing one, so its existence is not revealed.
public final class BucketlistStore: Sendable {
    /// Settings fixed for the life of a store.
    public struct Configuration: Sendable {
        /// The instance name written as `source` in every record: `[A-Za-z0-9._-]{1,64}`.
        public var source: String
        /// How long a bearer token from ``BucketlistStore/issueToken(for:)`` stays valid.
        public var tokenLifetime: TimeInterval
        /// The bcrypt cost (log2 rounds, 4…31) for new password hashes; tests use 4, production 12.
        public var passwordCost: UInt8
        /// How many bcrypt computations may run at once (2 × cores by default).
        public var passwordConcurrency: Int
        /// How many bcrypt computations may wait for a slot before more are refused with ``StoreError/busy(_:)``.
        public var passwordQueueLength: Int
        /// The most bearer tokens a user may hold at once; issuing one more revokes the oldest.
        public var maximumLiveTokens: Int

        /// Creates a configuration.
        ///
        /// - Precondition: `source` is valid (see ``isValidSource(_:)``), `passwordCost` is in 4…31, and the
        ///   counts are positive (the queue may be empty).
        public init(
            source: String,
            tokenLifetime: TimeInterval = 86_400,
            passwordCost: UInt8 = 12,
            passwordConcurrency: Int = 2 * ProcessInfo.processInfo.activeProcessorCount,
            passwordQueueLength: Int = 16,
            maximumLiveTokens: Int = 10
        ) {
            precondition(Self.isValidSource(source), "invalid source name '\(source)'")
            precondition((4...31).contains(passwordCost), "bcrypt cost must be in 4...31")
            precondition(passwordConcurrency >= 1 && passwordQueueLength >= 0 && maximumLiveTokens >= 1)
            self.source = source
            self.tokenLifetime = tokenLifetime
            self.passwordCost = passwordCost
            self.passwordConcurrency = passwordConcurrency
            self.passwordQueueLength = passwordQueueLength
            self.maximumLiveTokens = maximumLiveTokens
        }

        /// Whether `source` is 1–64 characters of `[A-Za-z0-9._-]`, as the record format requires.
        public static func isValidSource(_ source: String) -> Bool {
            (1...64).contains(source.utf8.count) && source.utf8.allSatisfy(isNameByte)
        }

        static func isNameByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    /// The database the store reads and writes.
    public let backend: StoreBackend
    /// The signals the store sends after each commit.
    public let signals: BucketlistSignals
    /// The store's settings.
    public let configuration: Configuration
    let logger: Logger
    let clock: @Sendable () -> Date
    let passwords: PasswordHasher

    /// Creates a store over `database` that logs through `logger`; `clock` is the source of timestamps (tests
    /// may fix it).
    public convenience init(
        database: AppDatabase,
        signals: BucketlistSignals = BucketlistSignals(),
        configuration: Configuration,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            backend: .sqlite(database), signals: signals, configuration: configuration, logger: logger, clock: clock)
    }

    /// Creates a store over `backend` that logs through `logger`; `clock` is the source of timestamps.
    public init(
        backend: StoreBackend,
        signals: BucketlistSignals = BucketlistSignals(),
        configuration: Configuration,
        logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.backend = backend
        self.signals = signals
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.passwords = PasswordHasher(
            cost: configuration.passwordCost,
            limiter: PasswordWorkLimiter(
                concurrency: configuration.passwordConcurrency, queueLength: configuration.passwordQueueLength)
        )
    }

    /// Runs one write transaction with an outbox to append records to, `sqlite` or `postgres` as the backend
    /// is, then sends the records' signals. Nothing is sent if the body throws (the transaction rolled back).
    ///
    /// On PostgreSQL the staged records are inserted at the end of the transaction, with a `NOTIFY` that wakes
    /// the relay of their source once they commit.
    func commit<Value: Sendable>(
        sqlite: @escaping @Sendable (Database, inout Outbox) throws -> Value,
        postgres: (PostgresConnection, inout Outbox) async throws -> Value
    ) async throws -> Value {
        let source = configuration.source
        let clock = clock
        let value: Value
        let records: [(signal: KnownSignal, record: SignalRecord)]
        switch backend {
        case .sqlite(let database):
            (value, records) = try await database.writer.write { db in
                var outbox = Outbox(source: source, timestamp: RecordTimestamp(clock()), database: db)
                let value = try sqlite(db, &outbox)
                return (value, outbox.records)
            }
        case .postgres(let database):
            (value, records) = try await database.transaction(logger: logger) { connection in
                var outbox = Outbox(source: source, timestamp: RecordTimestamp(clock()))
                let value = try await postgres(connection, &outbox)
                try await PostgresOutbox.insert(outbox.records.map(\.record), connection, logger: logger)
                return (value, outbox.records)
            }
        }
        // The transaction is committed: only now may the world hear of it.
        announce(records)
        return value
    }

    /// Runs one write transaction that records nothing (tokens), `sqlite` or `postgres` as the backend is.
    func write<Value: Sendable>(
        sqlite: @escaping @Sendable (Database) throws -> Value,
        postgres: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        switch backend {
        case .sqlite(let database): try await database.writer.write(sqlite)
        case .postgres(let database): try await database.transaction(logger: logger, postgres)
        }
    }

    /// Runs one read, `sqlite` or `postgres` as the backend is.
    func read<Value: Sendable>(
        sqlite: @escaping @Sendable (Database) throws -> Value,
        postgres: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        switch backend {
        case .sqlite(let database): try await database.writer.read(sqlite)
        case .postgres(let database): try await database.client.withConnection { try await postgres($0) }
        }
    }

    /// Sends one signal per committed record, in `seq` order. A receiver's error cannot undo the commit, so it
    /// is logged and the remaining receivers still run.
    func announce(_ records: [(signal: KnownSignal, record: SignalRecord)]) {
        for (signal, record) in records {
            let replies = signals.signal(for: signal).sendRobust(from: .object(self), record)
            for reply in replies {
                if case .failure(let error) = reply.value {
                    logger.warning(
                        "signal receiver failed",
                        metadata: ["receiver": "\(reply.receiver)", "seq": "\(record.seq)", "error": "\(error)"]
                    )
                }
            }
        }
    }

    /// The most bcrypt computations that have run at once in this store.
    var peakPasswordConcurrency: Int { passwords.limiter.peakConcurrency }
    /// How many bcrypt computations (hashes and checks) this store has run or queued.
    var passwordComputations: Int { passwords.limiter.admittedCount }

    static func actor(_ user: User) -> SignalRecord.Actor {
        SignalRecord.Actor(id: user.id ?? 0, name: user.username)
    }

    /// The most Unicode code points (scalars) a list or item name may hold.
    ///
    /// Counted in code points, not characters: one character can hold any number of combining marks.
    public static let maximumNameCodePoints = 200

    /// The most UTF-8 bytes a list or item name may take.
    ///
    /// A scalar takes at most 4 bytes, so a name within ``maximumNameCodePoints`` is within this limit too;
    /// it is checked first, in constant time, so that a long name is refused without being walked.
    public static let maximumNameBytes = 800

    /// Checks that `name` is not empty and within ``maximumNameCodePoints`` and ``maximumNameBytes``.
    ///
    /// Both limits keep every record that carries the name (its title, a rename's old and new values, the
    /// parent of an item) far below ``SignalLog/SignalRecord/maximumWrittenLineLength``. Costs at most one
    /// pass over ``maximumNameBytes`` bytes, whatever the name's length.
    ///
    /// - Throws: ``StoreError/invalidInput(field:message:)`` for `field`, saying which limit the name breaks.
    static func validateName(_ name: String, field: String = "name") throws {
        let bytes = name.utf8.count
        guard bytes > 0 else {
            throw StoreError.invalidInput(field: field, message: "must not be empty")
        }
        guard bytes <= maximumNameBytes else {
            throw StoreError.invalidInput(
                field: field, message: "must be at most \(maximumNameBytes) bytes of UTF-8, not \(bytes)")
        }
        let codePoints = name.unicodeScalars.count
        guard codePoints <= maximumNameCodePoints else {
            throw StoreError.invalidInput(
                field: field,
                message: "must be at most \(maximumNameCodePoints) Unicode code points, not \(codePoints)")
        }
    }
}
