import Foundation
import GRDB

extension FeedStore {
    /// How many rejects the store keeps in detail; the total is always counted.
    static let keptRejects = 1000

    /// Every source's progress, by name.
    func sourceProgress() throws -> [String: SourceProgress] {
        try read(sourceProgress(in:))
    }

    func sourceProgress(in db: Database) throws -> [String: SourceProgress] {
        var result: [String: SourceProgress] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, ingested, duplicates, high_water FROM source") {
            let name: String = row["name"]
            result[name] = SourceProgress(
                source: name,
                ingested: row["ingested"],
                duplicates: row["duplicates"],
                highWater: row["high_water"]
            )
        }
        let ranges = try Row.fetchCursor(
            db,
            sql: "SELECT source, first_seq, last_seq FROM missing_range ORDER BY source, first_seq"
        )
        while let row = try ranges.next() {
            let name: String = row["source"]
            let first: Int64 = row["first_seq"]
            let last: Int64 = row["last_seq"]
            result[name]?.missing.append(first...last)
        }
        return result
    }

    /// Every checkpoint, by path then role.
    public func checkpoints() throws -> [Checkpoint] {
        try read(checkpoints(in:))
    }

    func checkpoints(in db: Database) throws -> [Checkpoint] {
        try Row.fetchAll(db, sql: "SELECT * FROM checkpoint ORDER BY path, role").compactMap { row in
            guard let role = Checkpoint.Role(rawValue: row["role"]) else { return nil }
            return Checkpoint(
                path: row["path"],
                role: role,
                device: UInt64(bitPattern: row["device"]),
                inode: UInt64(bitPattern: row["inode"]),
                headLength: UInt64(bitPattern: row["head_length"]),
                headHash: ContentHash(value: UInt64(bitPattern: row["head_hash"])),
                offset: UInt64(bitPattern: row["byte_offset"]),
                tailHash: ContentHash(value: UInt64(bitPattern: row["tail_hash"])),
                observedSize: UInt64(bitPattern: row["observed_size"]),
                observedModificationNanoseconds: row["observed_modification"]
            )
        }
    }

    /// How many records wait for their ordinals (a merge of several logs was interrupted).
    func pendingEntryCount() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM pending_entry") ?? 0 }
    }

    /// Commits the batch in one transaction: its entries (numbered after the last ordinal, or
    /// staged and released as ``IngestBatch/staging`` says), counters, source progress, rejects
    /// and checkpoints; then prunes. Returns how many staged records got their ordinals.
    @discardableResult
    func commit(_ batch: IngestBatch) throws -> Int64 {
        guard !batch.isEmpty else { return 0 }
        return try write { db in
            let last = try Int64.fetchOne(db, sql: "SELECT last_ordinal FROM feed_state") ?? 0
            let insertEntry = try db.cachedStatement(sql: "INSERT INTO entry (ordinal, line) VALUES (?, ?)")
            var ordinal = last
            var released: Int64 = 0
            if let staging = batch.staging {
                let stage = try db.cachedStatement(
                    sql: "INSERT INTO pending_entry (ts, source, seq, line) VALUES (?, ?, ?, ?)")
                for (key, line) in zip(batch.keys, batch.lines) {
                    try stage.execute(arguments: [key.timestamp, key.source, key.seq, line])
                }
                // Validated timestamps end in year 9999, far below Int64.max: no bound releases them all.
                let bound = staging.releaseBelow ?? Int64.max
                let ready = try Data.fetchCursor(
                    db, sql: "SELECT line FROM pending_entry WHERE ts < ? ORDER BY ts, source, seq", arguments: [bound])
                while let line = try ready.next() {
                    ordinal += 1
                    released += 1
                    try insertEntry.execute(arguments: [ordinal, line])
                }
                try db.execute(sql: "DELETE FROM pending_entry WHERE ts < ?", arguments: [bound])
            } else {
                // Entries archive pages already hold that the window does not keep are not stored at all.
                let newLast = last + Int64(batch.lines.count)
                let storedAbove = min(batch.archivedThrough ?? 0, newLast - Int64(window))
                for line in batch.lines {
                    ordinal += 1
                    if ordinal > storedAbove { try insertEntry.execute(arguments: [ordinal, line]) }
                }
            }
            let addDaily = try db.cachedStatement(
                sql: """
                    INSERT INTO daily_signal_count (day, signal, count) VALUES (?, ?, ?)
                    ON CONFLICT (day, signal) DO UPDATE SET count = count + excluded.count
                    """
            )
            for (key, count) in batch.dailyCounts {
                try addDaily.execute(arguments: [IngestBatch.dayText(key.day), key.signal, count])
            }
            let addActor = try db.cachedStatement(
                sql: """
                    INSERT INTO actor_count (actor_key, name, count) VALUES (?, ?, ?)
                    ON CONFLICT (actor_key) DO UPDATE SET name = excluded.name, count = count + excluded.count
                    """
            )
            for (key, tally) in batch.actorCounts {
                try addActor.execute(arguments: [key.storageKey, tally.name, tally.count])
            }
            try write(batch.sources.values, in: db)
            try write(batch.rejects, in: db)
            for dropped in batch.droppedCheckpoints {
                try db.execute(
                    sql: "DELETE FROM checkpoint WHERE path = ? AND role = ?",
                    arguments: [dropped.path, dropped.role.rawValue]
                )
            }
            for checkpoint in batch.checkpoints {
                try write(checkpoint, in: db)
            }
            let changesEntries = ordinal > last || !batch.rejects.isEmpty
            try db.execute(
                sql: """
                    UPDATE feed_state SET last_ordinal = ?, reject_count = reject_count + ?,
                        needs_publish = needs_publish OR ?
                    """,
                arguments: [ordinal, batch.rejects.count, changesEntries]
            )
            if let archivedThrough = batch.archivedThrough {
                try recordArchived(through: archivedThrough, in: db)
            }
            try prune(db)
            return released
        }
    }

    private func write(_ sources: some Sequence<SourceProgress>, in db: Database) throws {
        for progress in sources {
            try db.execute(
                sql: """
                    INSERT INTO source (name, ingested, duplicates, high_water) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET ingested = excluded.ingested,
                        duplicates = excluded.duplicates, high_water = excluded.high_water
                    """,
                arguments: [progress.source, progress.ingested, progress.duplicates, progress.highWater]
            )
            try db.execute(sql: "DELETE FROM missing_range WHERE source = ?", arguments: [progress.source])
            for range in progress.missing {
                try db.execute(
                    sql: "INSERT INTO missing_range (source, first_seq, last_seq) VALUES (?, ?, ?)",
                    arguments: [progress.source, range.lowerBound, range.upperBound]
                )
            }
        }
    }

    private func write(_ rejects: [RecordedReject], in db: Database) throws {
        guard !rejects.isEmpty else { return }
        for reject in rejects.suffix(Self.keptRejects) {
            try db.execute(
                sql: """
                    INSERT INTO reject (path, byte_offset, length, kind, detail, prefix)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    reject.path, Int64(bitPattern: reject.offset), reject.length, reject.kind, reject.detail,
                    Data(reject.prefix),
                ]
            )
        }
        try db.execute(
            sql: "DELETE FROM reject WHERE id <= (SELECT max(id) FROM reject) - ?",
            arguments: [Self.keptRejects]
        )
    }

    private func write(_ checkpoint: Checkpoint, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO checkpoint (path, role, device, inode, head_length, head_hash,
                    byte_offset, tail_hash, observed_size, observed_modification)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                checkpoint.path, checkpoint.role.rawValue,
                Int64(bitPattern: checkpoint.device), Int64(bitPattern: checkpoint.inode),
                Int64(bitPattern: checkpoint.headLength), Int64(bitPattern: checkpoint.headHash.value),
                Int64(bitPattern: checkpoint.offset), Int64(bitPattern: checkpoint.tailHash.value),
                Int64(bitPattern: checkpoint.observedSize), checkpoint.observedModificationNanoseconds,
            ]
        )
    }
}
