import SignalLog

/// Everything one batch of log lines changes in the store, committed in one transaction.
struct IngestBatch {
    struct DayAndSignal: Hashable {
        var day: Int64
        var signal: String
    }

    struct ActorTally {
        var name: String
        var count: Int64
    }

    private static let millisecondsPerDay: Int64 = 86_400_000

    /// The new records' canonical lines without their `\n`, in ingest order; the store gives them the next ordinals.
    private(set) var lines: [[UInt8]] = []
    /// New records per UTC day (days since the epoch) and signal.
    private(set) var dailyCounts: [DayAndSignal: Int64] = [:]
    /// New records per actor key, with the actor's latest name.
    private(set) var actorCounts: [String: ActorTally] = [:]
    /// The sources whose progress changed, with their whole new progress.
    var sources: [String: SourceProgress] = [:]
    /// Lines rejected in this batch.
    var rejects: [RecordedReject] = []
    /// Checkpoints to write (replacing the one of the same path and role).
    var checkpoints: [Checkpoint] = []
    /// Checkpoints to delete.
    var droppedCheckpoints: [(path: String, role: Checkpoint.Role)] = []
    /// How many log bytes the batch consumed.
    var bytesConsumed: UInt64 = 0
    /// How many lines (records, duplicates and rejects) the batch consumed.
    var lineCount = 0
    /// How many bytes of record lines the batch holds in memory.
    private(set) var heldBytes = 0

    var isEmpty: Bool {
        lines.isEmpty && rejects.isEmpty && checkpoints.isEmpty && droppedCheckpoints.isEmpty && sources.isEmpty
    }

    mutating func add(_ record: SignalRecord) {
        var line = record.encodedLine()
        line.removeLast()
        heldBytes += line.count
        lines.append(line)
        let day = record.timestamp.millisecondsSinceEpoch.floorDivided(by: Self.millisecondsPerDay)
        dailyCounts[DayAndSignal(day: day, signal: record.signal), default: 0] += 1
        let key = record.actor.id == 0 ? "name:\(record.actor.name)" : "id:\(record.actor.id)"
        actorCounts[key, default: ActorTally(name: record.actor.name, count: 0)].count += 1
        actorCounts[key]?.name = record.actor.name
    }

    static func dayText(_ day: Int64) -> String {
        String(RecordTimestamp(millisecondsSinceEpoch: day * millisecondsPerDay).rfc3339.prefix(10))
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
