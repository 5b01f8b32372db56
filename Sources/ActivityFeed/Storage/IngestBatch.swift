import Foundation
import SignalLog

/// Everything one batch of log lines changes in the store, committed in one transaction.
struct IngestBatch {
    struct DayAndSignal: Hashable {
        var day: Int64
        var signal: String
    }

    /// Users by id; system actors (id 0) by name.
    struct ActorKey: Hashable {
        var id: Int64
        var systemName: String?

        var storageKey: String {
            if let systemName { "name:\(systemName)" } else { "id:\(id)" }
        }
    }

    struct ActorTally {
        var name: String
        var count: Int64

        /// Counts one more record under the actor's latest name.
        mutating func record(_ latestName: String) {
            name = latestName
            count += 1
        }
    }

    /// Where records of several merged logs wait for their ordinals: they are committed to the
    /// state's waiting room, and those older than ``releaseBelow`` (milliseconds; all when nil)
    /// then get the next ordinals in `(ts, source, seq)` order, in the same transaction.
    struct Staging {
        var releaseBelow: Int64?
    }

    /// How the new records become entries: nil gives them the next ordinals in ingest order.
    var staging: Staging?
    /// Each new record's `(ts, source, seq)`, in the order of ``lines``.
    private(set) var keys: [(timestamp: Int64, source: String, seq: Int64)] = []
    /// The new records' lines as the log holds them (without `\n`), in ingest order, copied from
    /// the reader's buffer as it decodes them (the log is read once); the store gives them the next ordinals.
    private(set) var lines: [Data] = []
    /// New records per UTC day (days since the epoch) and signal.
    private(set) var dailyCounts: [DayAndSignal: Int64] = [:]
    /// New records per actor key, with the actor's latest name.
    private(set) var actorCounts: [ActorKey: ActorTally] = [:]
    /// The sources whose progress changed, with their whole new progress.
    var sources: [String: SourceProgress] = [:]
    /// Lines rejected in this batch.
    var rejects: [RecordedReject] = []
    /// Checkpoints to write (replacing the one of the same path and role).
    var checkpoints: [Checkpoint] = []
    /// Checkpoints to delete.
    var droppedCheckpoints: [(path: String, role: Checkpoint.Role)] = []
    /// Set when archive pages were written from this batch's entries before it commits (one log,
    /// ordinals in ingest order): they hold every entry up to this ordinal, durably. The commit
    /// records it, and leaves out of the store the entries at or below it that the window does not
    /// keep either, which it would prune at once.
    var archivedThrough: Int64?
    /// How many lines (records, duplicates and rejects) the batch consumed.
    var lineCount = 0
    /// How many bytes of record lines the batch holds in memory.
    private(set) var heldBytes = 0

    var isEmpty: Bool {
        staging == nil && lines.isEmpty && rejects.isEmpty && checkpoints.isEmpty && droppedCheckpoints.isEmpty
            && sources.isEmpty
    }

    /// The new entries, for an archiver before the commit.
    var uncommittedEntries: UncommittedEntries {
        UncommittedEntries(lines: lines)
    }

    /// Adds a new record and a copy of its `line` (the bytes it was decoded from).
    mutating func add(_ record: SignalRecord, line: UnsafeRawBufferPointer) {
        heldBytes += line.count + 1
        lines.append(Data(line))
        keys.append((record.timestamp.millisecondsSinceEpoch, record.source, record.seq))
        let day = record.timestamp.daysSinceEpoch
        dailyCounts[DayAndSignal(day: day, signal: record.signal), default: 0] += 1
        let key = ActorKey(id: record.actor.id, systemName: record.actor.id == 0 ? record.actor.name : nil)
        actorCounts[key, default: ActorTally(name: record.actor.name, count: 0)].record(record.actor.name)
    }

    static func dayText(_ day: Int64) -> String {
        RecordTimestamp(startOfDay: day).utcDay
    }
}
