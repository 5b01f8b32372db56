import Foundation
import GRDB
import SignalLog

/// One row of the transactional outbox: a signal record written in the same transaction as its change.
///
/// `seq` is the row's `INTEGER PRIMARY KEY AUTOINCREMENT`, so it is assigned inside the transaction, grows
/// strictly and is never reused. The log relay turns rows back into records and deletes them once the
/// activity log holds them.
struct OutboxEntry: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    var seq: Int64?
    /// Milliseconds since the epoch, taken inside the write transaction.
    var ts: Int64
    var source: String
    var signal: String
    var actorId: Int64
    var actorName: String
    var subjectType: String
    var subjectId: Int64
    var subjectTitle: String
    var parentType: String?
    var parentId: Int64?
    var parentTitle: String?
    /// The changed fields as JSON text in the log's own form, `{"field":[old,new],…}` (``JSONValue/jsonText``).
    var changes: String
    var requestId: String?

    enum Columns {
        static let seq = Column(CodingKeys.seq)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        seq = inserted.rowID
    }
}

extension OutboxEntry {
    /// The row for a record whose `seq` the insert will assign.
    init(unsequenced record: SignalRecord) {
        self.init(
            seq: nil,
            ts: record.timestamp.millisecondsSinceEpoch,
            source: record.source,
            signal: record.signal,
            actorId: record.actor.id,
            actorName: record.actor.name,
            subjectType: record.subject.type,
            subjectId: record.subject.id,
            subjectTitle: record.subject.title,
            parentType: record.parent?.type,
            parentId: record.parent?.id,
            parentTitle: record.parent?.title,
            changes: SignalRecord.changesObject(record.changes).jsonText,
            requestId: record.requestID
        )
    }

    /// The record this row stands for.
    ///
    /// - Throws: ``StoreError`` when the `changes` column does not hold what ``init(unsequenced:)`` wrote.
    func record() throws -> SignalRecord {
        guard let seq else { throw StoreError.corruptOutbox(seq: 0, reason: "row has no seq") }
        var parent: SignalRecord.Subject?
        if let parentType, let parentId, let parentTitle {
            parent = SignalRecord.Subject(type: parentType, id: parentId, title: parentTitle)
        }
        return SignalRecord(
            seq: seq,
            timestamp: RecordTimestamp(millisecondsSinceEpoch: ts),
            source: source,
            signal: signal,
            actor: SignalRecord.Actor(id: actorId, name: actorName),
            subject: SignalRecord.Subject(type: subjectType, id: subjectId, title: subjectTitle),
            parent: parent,
            changes: try Self.decodeChanges(changes, seq: seq),
            requestID: requestId
        )
    }

    /// The changes that `text`, a `changes` column, holds.
    static func decodeChanges(_ text: String, seq: Int64) throws -> [SignalRecord.FieldChange] {
        let object: JSONValue
        do {
            object = try JSONValue(parsing: text)
        } catch {
            throw StoreError.corruptOutbox(seq: seq, reason: "changes column is not valid JSON: \(error)")
        }
        guard let changes = SignalRecord.changes(from: object) else {
            throw StoreError.corruptOutbox(seq: seq, reason: "changes column is not an object of [old, new] pairs")
        }
        return changes
    }
}
