import Logging
import PostgresNIO
import SignalLog

/// The outbox on PostgreSQL: rows inserted unnumbered by requests, numbered and drained by their source's relay.
///
/// No request touches a shared counter: a request's transaction only inserts rows (`seq` NULL), so concurrent
/// requests commit concurrently. The relay of a source numbers its unnumbered rows, oldest first, in one
/// transaction that also advances that source's row in `outbox_counters`: `seq` is gapless per source, and a
/// numbered row keeps its `seq` until the relay deletes it after the log holds it, so a relay that crashed
/// after appending appends the same `seq` again at its next start.
enum PostgresOutbox {
    /// The channel whose notifications (payload: the source) wake the relay of that source.
    static let channel = "bucketlist_outbox"

    /// Inserts `records` (their `seq` ignored) and notifies the relay of their source at commit.
    static func insert(_ records: [SignalRecord], _ connection: PostgresConnection, logger: Logger) async throws {
        guard let source = records.first?.source else { return }
        for record in records {
            let entry = OutboxEntry(unsequenced: record)
            try await connection.query(
                """
                INSERT INTO outbox (source, ts, signal, actor_id, actor_name, subject_type, subject_id,
                    subject_title, parent_type, parent_id, parent_title, changes, request_id)
                VALUES (\(entry.source), \(entry.ts), \(entry.signal), \(entry.actorId), \(entry.actorName),
                    \(entry.subjectType), \(entry.subjectId), \(entry.subjectTitle), \(entry.parentType),
                    \(entry.parentId), \(entry.parentTitle), \(entry.changes), \(entry.requestId))
                """,
                logger: logger)
        }
        try await connection.query("SELECT pg_notify(\(channel), \(source))", logger: logger)
    }

    /// Numbers up to `limit` unnumbered rows of `source`, oldest first, continuing its counter, in one
    /// transaction. Returns how many rows were numbered.
    static func number(source: String, limit: Int, database: PostgresDatabase, logger: Logger) async throws -> Int {
        try await database.transaction(logger: logger) { connection in
            try await connection.query(
                "INSERT INTO outbox_counters (source, last_seq) VALUES (\(source), 0) ON CONFLICT DO NOTHING",
                logger: logger)
            var last: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_seq FROM outbox_counters WHERE source = \(source) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                last = value
            }
            var ids: [Int64] = []
            for try await id in try await connection.query(
                """
                SELECT id FROM outbox WHERE source = \(source) AND seq IS NULL ORDER BY id LIMIT \(limit)
                FOR UPDATE
                """,
                logger: logger
            ).decode(Int64.self) {
                ids.append(id)
            }
            guard !ids.isEmpty else { return 0 }
            try await connection.query(
                """
                UPDATE outbox SET seq = \(last) + numbered.position
                FROM unnest(\(ids)::BIGINT[]) WITH ORDINALITY AS numbered(id, position)
                WHERE outbox.id = numbered.id
                """,
                logger: logger)
            try await connection.query(
                "UPDATE outbox_counters SET last_seq = \(last + Int64(ids.count)) WHERE source = \(source)",
                logger: logger)
            return ids.count
        }
    }

    /// Up to `limit` numbered rows of `source`, by `seq`.
    static func numbered(source: String, limit: Int, database: PostgresDatabase) async throws -> [OutboxEntry] {
        let rows = try await database.client.query(
            """
            SELECT seq, ts, source, signal, actor_id, actor_name, subject_type, subject_id, subject_title,
                parent_type, parent_id, parent_title, changes, request_id
            FROM outbox WHERE source = \(source) AND seq IS NOT NULL ORDER BY seq LIMIT \(limit)
            """)
        var entries: [OutboxEntry] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            entries.append(
                OutboxEntry(
                    seq: try columns[0].decode(Int64.self),
                    ts: try columns[1].decode(Int64.self),
                    source: try columns[2].decode(String.self),
                    signal: try columns[3].decode(String.self),
                    actorId: try columns[4].decode(Int64.self),
                    actorName: try columns[5].decode(String.self),
                    subjectType: try columns[6].decode(String.self),
                    subjectId: try columns[7].decode(Int64.self),
                    subjectTitle: try columns[8].decode(String.self),
                    parentType: try columns[9].decode(String?.self),
                    parentId: try columns[10].decode(Int64?.self),
                    parentTitle: try columns[11].decode(String?.self),
                    changes: try columns[12].decode(String.self),
                    requestId: try columns[13].decode(String?.self)
                ))
        }
        return entries
    }

    /// Deletes the numbered rows of `source` up to `seq`, once the log holds them.
    static func delete(source: String, through seq: Int64, database: PostgresDatabase) async throws {
        try await database.client.query("DELETE FROM outbox WHERE source = \(source) AND seq <= \(seq)")
    }

    /// How many rows of `source` wait in the outbox, numbered or not.
    static func count(source: String, database: PostgresDatabase) async throws -> Int {
        var count = 0
        for try await value in try await database.client.query(
            "SELECT count(*) FROM outbox WHERE source = \(source)"
        ).decode(Int64.self) {
            count = Int(value)
        }
        return count
    }
}
