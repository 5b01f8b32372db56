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
    /// The changed fields as a JSON array of `{"field", "old", "new"}` objects.
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
    init(unsequenced record: SignalRecord) throws {
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
            changes: try ChangesColumn.encode(record.changes),
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
            changes: try ChangesColumn.decode(changes, seq: seq),
            requestID: requestId
        )
    }
}

/// The JSON text of the outbox's `changes` column.
private enum ChangesColumn {
    struct Change: Codable {
        var field: String
        var old: StoredValue
        var new: StoredValue
    }

    /// A `JSONValue` that Foundation's coders can write and read back unchanged.
    struct StoredValue: Codable {
        var value: JSONValue

        init(_ value: JSONValue) {
            self.value = value
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                value = .null
            } else if let bool = try? container.decode(Bool.self) {
                value = .bool(bool)
            } else if let integer = try? container.decode(Int64.self) {
                value = .integer(integer)
            } else if let number = try? container.decode(Double.self) {
                value = .number(number)
            } else if let string = try? container.decode(String.self) {
                value = .string(string)
            } else if let array = try? container.decode([StoredValue].self) {
                value = .array(array.map(\.value))
            } else {
                let object = try container.decode(TaggedObject.self)
                value = .object(object.object.map { (key: $0.key, value: $0.value.value) })
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .null: try container.encodeNil()
            case .bool(let bool): try container.encode(bool)
            case .integer(let integer): try container.encode(integer)
            case .number(let number): try container.encode(number)
            case .string(let string): try container.encode(string)
            case .array(let array): try container.encode(array.map(StoredValue.init))
            case .object(let members):
                try container.encode(
                    TaggedObject(object: members.map { Member(key: $0.key, value: StoredValue($0.value)) }))
            }
        }
    }

    /// An object, stored as `{"object": [members]}` so that the order of its members survives the round trip.
    struct TaggedObject: Codable {
        var object: [Member]
    }

    struct Member: Codable {
        var key: String
        var value: StoredValue
    }

    static func encode(_ changes: [SignalRecord.FieldChange]) throws -> String {
        let stored = changes.map { Change(field: $0.field, old: StoredValue($0.old), new: StoredValue($0.new)) }
        return String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
    }

    static func decode(_ text: String, seq: Int64) throws -> [SignalRecord.FieldChange] {
        do {
            let stored = try JSONDecoder().decode([Change].self, from: Data(text.utf8))
            return stored.map { SignalRecord.FieldChange(field: $0.field, old: $0.old.value, new: $0.new.value) }
        } catch {
            throw StoreError.corruptOutbox(seq: seq, reason: "changes column is not valid: \(error)")
        }
    }
}
