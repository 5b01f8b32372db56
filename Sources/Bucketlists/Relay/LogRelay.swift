import GRDB
import Logging
import PostgresNIO
import ServiceLifecycle
import SignalLog
import Signals
import Synchronization

/// The receiver that moves committed records from the outbox to the activity log, in `seq` order.
///
/// How the log ends up holding exactly the committed changes:
/// - The store writes each record into the outbox in the same transaction as its change, so a record exists
///   if and only if its change committed.
/// - The relay appends outbox rows to the log through `append` (a `LogWriter`, which fsyncs each batch), and
///   only once that returns deletes the rows. A row leaves the outbox only after the log holds it durably.
/// - The server drains the outbox at start, before serving, and again at graceful shutdown, so rows left by a
///   crash are appended at the next start.
/// - A crash after the append and before the delete leaves rows that were already appended: they are appended
///   again at the next start. Readers drop a `(source, seq)` they have already seen, so the effect is exactly
///   once.
/// - A delete that fails while the process lives (the database's disk is full) is retried without appending
///   the rows again: the relay remembers the last `seq` it appended, so however long the fault lasts the log
///   holds at most one extra copy of each row (from a restart), never one per retry.
///
/// Use: ``connect(to:)`` the store's signals, ``drain()`` once before serving, then hand the relay to the
/// application's service group: ``run()`` relays until graceful shutdown (or ``finish()``), then drains once
/// more before it returns. Only one drain runs at a time.
public final class LogRelay: Service, Sendable {
    /// Rows moved per append: one fsync covers them all (group commit under load).
    public static let batchSize = 512
    /// How long ``run()`` lets records gather after a nudge before it drains: under load one drain (one log
    /// fsync, one delete transaction) then moves many records instead of one. It delays the log, never a
    /// response.
    public static let gatheringDelay = Duration.milliseconds(5)

    private let backend: StoreBackend
    /// On PostgreSQL, the source whose rows this relay numbers and drains; other sources' rows are not its own.
    private let source: String?
    private let append: @Sendable ([SignalRecord]) async throws -> Void
    private let logger: Logger
    private let nudges: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let isDraining = Mutex(false)
    /// The highest `seq` appended to the log by this process; rows up to it are only deleted, never appended
    /// again.
    private let appendedThrough = Mutex<Int64>(0)

    /// A relay from `database`'s outbox to `append`, which must return only once the records are durable;
    /// failures are logged through `logger`.
    public convenience init(
        database: AppDatabase,
        logger: Logger,
        append: @escaping @Sendable ([SignalRecord]) async throws -> Void
    ) {
        self.init(backend: .sqlite(database), source: nil, logger: logger, append: append)
    }

    /// A relay from the outbox of `backend` to `append`, as ``init(database:logger:append:)``.
    ///
    /// On PostgreSQL, where several instances share the database, it drains only the rows of `source` (which
    /// must then be given), numbering them as it drains; hold a ``PostgresSourceLock`` for `source` so that no
    /// other relay drains them at the same time. On SQLite it drains every row, as the rows' `seq` is final.
    public init(
        backend: StoreBackend,
        source: String?,
        logger: Logger,
        append: @escaping @Sendable ([SignalRecord]) async throws -> Void
    ) {
        if case .postgres = backend {
            precondition(source != nil, "a relay on PostgreSQL drains one source's rows: give its source")
        }
        self.backend = backend
        self.source = source
        self.append = append
        self.logger = logger
        (nudges, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Connects the relay to every signal `store` sends: each committed record wakes ``run()``.
    ///
    /// The signals hold the relay weakly; the returned connections can disconnect it (to run the server
    /// without an activity log, simply do not connect).
    @discardableResult
    public func connect(to store: BucketlistStore) -> [Connection] {
        store.signals.all.map { signal in
            signal.connect(owner: self, sender: .object(store)) { relay, _, _ in relay.nudge() }
        }
    }

    /// Asks ``run()`` to drain soon; many nudges while a drain runs cause one more drain, not many.
    public func nudge() {
        continuation.yield()
    }

    /// Appends every outbox row to the log, oldest first, deleting each batch once it is appended.
    ///
    /// - Returns: How many records were appended.
    /// - Throws: What `append` throws, or ``StoreError/corruptOutbox(seq:reason:)``; the rows not yet
    ///   appended stay in the outbox for the next drain.
    /// - Precondition: No other drain is running (``run()`` drains; call this directly only before `run` or
    ///   after it returned).
    @discardableResult
    public func drain() async throws -> Int {
        let alreadyDraining = isDraining.withLock { draining in
            defer { draining = true }
            return draining
        }
        precondition(!alreadyDraining, "LogRelay.drain() called while another drain is running")
        defer { isDraining.withLock { $0 = false } }

        var appended = 0
        while true {
            let entries = try await nextBatch()
            guard let last = entries.last?.seq else { return appended }
            let through = appendedThrough.withLock { $0 }
            let fresh = entries.filter { ($0.seq ?? 0) > through }
            if fresh.count < entries.count {
                logger.warning(
                    "outbox rows already in the activity log are deleted without appending them again",
                    metadata: ["rows": "\(entries.count - fresh.count)", "through_seq": "\(through)"])
            }
            if let freshLast = fresh.last?.seq {
                let records = try fresh.map { try $0.record() }
                try await append(records)
                appendedThrough.withLock { $0 = max($0, freshLast) }
                appended += records.count
            }
            try await delete(through: last)
        }
    }

    /// The next rows to append, by `seq`: on PostgreSQL, first numbers what the source's requests committed.
    private func nextBatch() async throws -> [OutboxEntry] {
        switch backend {
        case .sqlite(let database):
            try await database.writer.read { db in
                try OutboxEntry.order(OutboxEntry.Columns.seq).limit(Self.batchSize).fetchAll(db)
            }
        case .postgres(let database):
            try await numberedBatch(database, source: source ?? "")
        }
    }

    private func numberedBatch(_ database: PostgresDatabase, source: String) async throws -> [OutboxEntry] {
        // Rows numbered by an earlier drain (one that crashed before deleting them) come first, with their seq.
        let waiting = try await PostgresOutbox.numbered(source: source, limit: Self.batchSize, database: database)
        guard waiting.isEmpty else { return waiting }
        _ = try await PostgresOutbox.number(source: source, limit: Self.batchSize, database: database, logger: logger)
        return try await PostgresOutbox.numbered(source: source, limit: Self.batchSize, database: database)
    }

    /// Deletes the rows up to `seq`, which the log holds.
    private func delete(through seq: Int64) async throws {
        switch backend {
        case .sqlite(let database):
            _ = try await database.writer.write { db in
                try OutboxEntry.filter(OutboxEntry.Columns.seq <= seq).deleteAll(db)
            }
        case .postgres(let database):
            try await PostgresOutbox.delete(source: source ?? "", through: seq, database: database)
        }
    }

    /// How many rows wait in the outbox (on PostgreSQL: of this relay's source).
    private func pendingCount() async throws -> Int {
        switch backend {
        case .sqlite(let database):
            try await database.writer.read { db in try OutboxEntry.fetchCount(db) }
        case .postgres(let database):
            try await PostgresOutbox.count(source: source ?? "", database: database)
        }
    }

    /// Drains whenever nudged until graceful shutdown or ``finish()``, then drains a last time and returns.
    ///
    /// A failed drain is logged and retried a second later; the records wait in the outbox meanwhile. In a
    /// service group the relay should come before the HTTP server, so that the group, which shuts services
    /// down in reverse order, stops it only after the requests in flight have committed.
    ///
    /// - Throws: ``UndrainedOutbox`` when the last drain fails, so the process exits non-zero; the rows stay
    ///   in the outbox and are relayed at the next start.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await relayUntilFinished()
        } onGracefulShutdown: {
            self.finish()
        }
    }

    /// The relay's last drain failed: `remaining` rows are still in the outbox.
    public struct UndrainedOutbox: Error, CustomStringConvertible {
        /// How many rows remain (nil when the database could not say).
        public var remaining: Int?
        /// Why the drain failed.
        public var reason: String

        /// One line for the operator.
        public var description: String {
            let count = remaining.map { "\($0) record(s)" } ?? "records"
            return "\(count) remain in the outbox because the last relay to the activity log failed (\(reason)); "
                + "they are appended at the next start once the log can be written"
        }
    }

    private func relayUntilFinished() async throws {
        for await _ in nudges {
            try? await Task.sleep(for: Self.gatheringDelay)
            do {
                try await drain()
            } catch {
                logger.error("activity log relay failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                nudge()
            }
        }
        do {
            let count = try await drain()
            logger.info("activity log relay drained the outbox at shutdown", metadata: ["records": "\(count)"])
        } catch {
            // A cancelled relay (the server stopping without a graceful shutdown, as when it lost its
            // source's lock to another instance) must not write the log; say so rather than print the error.
            let reason =
                error is CancellationError || Task.isCancelled
                ? "it was cancelled before its last drain: the server stopped without a graceful shutdown, "
                    + "for instance because another instance took over its source"
                : "\(error)"
            let failure = UndrainedOutbox(remaining: try? await pendingCount(), reason: reason)
            logger.error("activity log relay could not drain at shutdown", metadata: ["error": "\(failure)"])
            throw failure
        }
    }

    /// Ends ``run()`` after its final drain.
    public func finish() {
        continuation.finish()
    }
}
