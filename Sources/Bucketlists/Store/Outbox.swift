import GRDB
import SignalLog

/// The records one transaction adds to the outbox, in the order they were made.
struct Outbox {
    let source: String
    /// One timestamp per transaction: taken when the writer lock is held, just before the commit.
    let timestamp: RecordTimestamp
    /// The records made so far, each with the signal that announces it.
    private(set) var records: [(signal: KnownSignal, record: SignalRecord)] = []

    /// The transaction's SQLite database, where each record's row is inserted as it is made (which gives
    /// it its `seq`); nil on PostgreSQL, whose rows are inserted at the end of the transaction and numbered
    /// later, as the relay drains.
    private let database: Database?

    init(source: String, timestamp: RecordTimestamp, database: Database? = nil) {
        self.source = source
        self.timestamp = timestamp
        self.database = database
    }

    /// Makes the record of one change and keeps it to announce after commit. On SQLite its row is
    /// inserted at once and the record gets its `seq`; otherwise it waits, unnumbered, for the end of the
    /// transaction.
    ///
    /// - Throws: ``StoreError/invalidInput(field:message:)`` when the record's log line would be longer than
    ///   ``SignalLog/SignalRecord/maximumWrittenLineLength``: a reader would skip it, so the change must not be
    ///   acknowledged. Throwing rolls the whole transaction back. An unnumbered record is checked with the
    ///   longest `seq` it could get.
    mutating func record(
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
            signal: signal.rawValue,
            actor: actor,
            subject: subject,
            parent: parent,
            changes: changes,
            requestID: requestID
        )
        if let database {
            var entry = OutboxEntry(unsequenced: record)
            try entry.insert(database)
            record.seq = entry.seq ?? 0
            try Self.check(record)
        } else {
            record.seq = SignalRecord.maximumSeq
            try Self.check(record)
            record.seq = 0
        }
        records.append((signal, record))
    }

    /// Refuses a record the log writer would refuse, which would block the relay, or one on a line readers
    /// would skip, which would never reach the feed: throwing rolls the whole transaction back.
    private static func check(_ record: SignalRecord) throws {
        try record.validate()
        let length = record.encodedLine().count
        guard length <= SignalRecord.maximumWrittenLineLength else {
            throw Self.lineTooLong(record, length: length)
        }
    }

    /// The error for a record whose log line would be `length` bytes: it names the largest part of the
    /// record, and blames the request's `name` (or `username`) field when that part is what the request sets.
    private static func lineTooLong(_ record: SignalRecord, length: Int) -> StoreError {
        let newBytes = record.changes.reduce(0) { $0 + $1.new.jsonText.utf8.count }
        let oldBytes = record.changes.reduce(0) { $0 + $1.old.jsonText.utf8.count }
        let parts: [(field: String, what: String, bytes: Int)] = [
            (
                record.subject.type == "user" ? "username" : "name", "the \(record.subject.type)'s name",
                record.subject.title.utf8.count + newBytes
            ),
            ("record", "the old values it replaces", oldBytes),
            ("record", "the name of its \(record.parent?.type ?? "parent")", record.parent?.title.utf8.count ?? 0),
            ("record", "the actor's name", record.actor.name.utf8.count),
            ("record", "the request id", record.requestID?.utf8.count ?? 0),
        ]
        let largest = parts.max { $0.bytes < $1.bytes } ?? parts[0]
        return StoreError.invalidInput(
            field: largest.field,
            message: "the \(record.signal) record of this change would be a log line of \(length) bytes, over the "
                + "limit of \(SignalRecord.maximumWrittenLineLength); its largest part is \(largest.what) "
                + "(\(largest.bytes) bytes)"
        )
    }
}
