import GRDB
import SignalLog

/// The records one transaction appends to the outbox, in the order they were written.
struct Outbox {
    let source: String
    /// One timestamp per transaction: taken when the writer lock is held, just before the commit.
    let timestamp: RecordTimestamp
    /// The records appended so far, each with the signal that announces it.
    private(set) var records: [(signal: KnownSignal, record: SignalRecord)] = []

    init(source: String, timestamp: RecordTimestamp) {
        self.source = source
        self.timestamp = timestamp
    }

    /// Inserts the record's row, which assigns its `seq`, and keeps the record to announce after commit.
    mutating func append(
        _ db: Database,
        signal: KnownSignal,
        actor: SignalRecord.Actor,
        subject: SignalRecord.Subject,
        parent: SignalRecord.Subject? = nil,
        changes: [SignalRecord.FieldChange] = [],
        requestID: String?
    ) throws {
        var record = SignalRecord(
            seq: 0,
            timestamp: timestamp,
            source: source,
            signal: signal.name,
            actor: actor,
            subject: subject,
            parent: parent,
            changes: changes,
            requestID: requestID
        )
        var entry = OutboxEntry(unsequenced: record)
        try entry.insert(db)
        record.seq = entry.seq ?? 0
        // A record the log writer would refuse must not reach the outbox, where it would block the relay:
        // throwing here rolls the whole change back.
        try record.validate()
        records.append((signal, record))
    }
}
