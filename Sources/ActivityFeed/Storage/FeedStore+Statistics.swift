import Foundation
import GRDB

extension FeedStore {
    /// Every source's progress, by name.
    public func sources() throws -> [SourceProgress] {
        try sourceProgress().values.sorted { $0.source < $1.source }
    }

    /// What the state holds: entries, sources, signals, rejects (the `latestRejects` newest) and checkpoints.
    public func statistics(latestRejects: Int = 10) throws -> FeedStatistics {
        try read { db in
            let sources = try sourceProgress(in: db).values.sorted { $0.source < $1.source }
            let checkpoints = try checkpoints(in: db)
            let state = try Row.fetchOne(db, sql: "SELECT * FROM feed_state")
            let stored = try Int64.fetchOne(db, sql: "SELECT count(*) FROM entry") ?? 0
            let signals = try Row.fetchAll(
                db,
                sql: "SELECT signal, sum(count) AS total FROM daily_signal_count GROUP BY signal ORDER BY signal"
            ).map { FeedStatistics.SignalCount(signal: $0["signal"], count: $0["total"]) }
            let rejects = try Row.fetchAll(
                db,
                sql: "SELECT * FROM reject ORDER BY id DESC LIMIT ?",
                arguments: [max(0, latestRejects)]
            ).map { row in
                RecordedReject(
                    path: row["path"],
                    offset: UInt64(bitPattern: row["byte_offset"]),
                    length: row["length"],
                    kind: row["kind"],
                    detail: row["detail"],
                    prefix: Array(row["prefix"] as Data)
                )
            }
            return FeedStatistics(
                lastOrdinal: state?["last_ordinal"] ?? 0,
                archivedThrough: state?["archived_through"] ?? 0,
                storedEntries: stored,
                sources: sources,
                signals: signals,
                rejectCount: state?["reject_count"] ?? 0,
                latestRejects: rejects,
                checkpoints: checkpoints
            )
        }
    }
}
