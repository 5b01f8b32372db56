import Foundation

// The general path of the decoder: any valid JSON spelling of a record (any field order, any
// whitespace, unknown fields, every escape), with the exact reason and position for a bad line.

/// The fields of a record as the scanner finds them, before the required ones are checked.
private struct ScannedFields {
    var version: Int64?
    var seq: Int64?
    var timestamp: RecordTimestamp?
    var source: String?
    var signal: String?
    var actorID: Int64?
    var actorName: String?
    var hasActor = false
    var subject = ScannedSubject()
    var hasSubject = false
    var parent = ScannedSubject()
    var hasParent = false
    var changes: [SignalRecord.FieldChange] = []
    var requestID: String?
    /// The first field found with a wrong type or value; reported after the version check.
    var firstInvalid: RejectReason?
    /// Why `v` is not an integer, when it is present with another type: reported before anything else.
    var invalidVersion: RejectReason?

    mutating func invalid(_ field: String, _ why: String) {
        if field == "v" { invalidVersion = .invalidField(field, why) }
        if firstInvalid == nil { firstInvalid = .invalidField(field, why) }
    }
}

private struct ScannedSubject {
    var type: String?
    var id: Int64?
    var title: String?
}

/// The top-level keys of a record.
private enum TopLevelKey {
    case v, seq, ts, source, signal, actor, subject, parent, changes, requestID

    static func match(_ key: UnsafeBufferPointer<UInt8>) -> TopLevelKey? {
        switch key.count {
        case 1: key[0] == UInt8(ascii: "v") ? .v : nil
        case 2: key.isSpelled("ts") ? .ts : nil
        case 3: key.isSpelled("seq") ? .seq : nil
        case 5: key.isSpelled("actor") ? .actor : nil
        case 6:
            if key.isSpelled("source") {
                .source
            } else if key.isSpelled("signal") {
                .signal
            } else if key.isSpelled("parent") {
                .parent
            } else {
                nil
            }
        case 7:
            if key.isSpelled("subject") {
                .subject
            } else if key.isSpelled("changes") {
                .changes
            } else {
                nil
            }
        case 10: key.isSpelled("request_id") ? .requestID : nil
        default: nil
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly `word`'s: one `memcmp` rather than a walk over `String.UTF8View`,
    /// since a line may hold 65,536 unknown keys to tell apart from the known ones.
    fileprivate func isSpelled(_ word: StaticString) -> Bool {
        count == word.utf8CodeUnitCount
            && (count == 0 || self[0] == word.utf8Start[0] && memcmp(baseAddress!, word.utf8Start, count) == 0)
    }
}

extension RecordScanner {
    /// Scans the whole line as one record object and checks it.
    mutating func scanRecord() throws(RejectReason) -> SignalRecord {
        let start = index
        skipWhitespace()
        guard index < count else { throw RejectReason.invalidJSON(position: start, "blank line") }
        try expect(UInt8(ascii: "{"), "{ to start a record")
        var fields = ScannedFields()
        try scanMembers(depth: 1) { (scanner, key) throws(RejectReason) -> Bool in
            guard let known = TopLevelKey.match(key) else { return false }
            try scanner.scanTopLevelValue(known, into: &fields)
            return true
        }
        skipWhitespace()
        guard index == count else { throw failure("unexpected bytes after the record") }
        return try fields.makeRecord()
    }

    private mutating func scanTopLevelValue(_ key: TopLevelKey, into fields: inout ScannedFields) throws(RejectReason) {
        switch key {
        case .v: fields.version = try scanInteger("v", into: &fields)
        case .seq: fields.seq = try scanInteger("seq", into: &fields)
        case .ts:
            guard let text = try scanStringValue("ts", into: &fields) else { return }
            let timestamp = text.withBytes { RecordTimestamp.parse(utf8: $0) }
            if timestamp == nil { fields.invalid("ts", "expected YYYY-MM-DDTHH:MM:SS.sssZ") }
            fields.timestamp = timestamp
        case .source: fields.source = try scanStringValue("source", into: &fields)?.makeString()
        case .signal: fields.signal = try scanStringValue("signal", into: &fields)?.makeString()
        case .actor:
            guard try beginObject("actor", into: &fields) else { return }
            fields.hasActor = true
            try scanActor(into: &fields)
        case .subject:
            guard try beginObject("subject", into: &fields) else { return }
            fields.hasSubject = true
            var subject = ScannedSubject()
            try scanSubject("subject", into: &subject, fields: &fields)
            fields.subject = subject
        case .parent:
            if try skipNull() { return }
            guard try beginObject("parent", into: &fields) else { return }
            fields.hasParent = true
            var parent = ScannedSubject()
            try scanSubject("parent", into: &parent, fields: &fields)
            fields.parent = parent
        case .changes:
            if try skipNull() { return }
            guard try beginObject("changes", into: &fields) else { return }
            try scanChanges(into: &fields)
        case .requestID:
            if try skipNull() { return }
            fields.requestID = try scanStringValue("request_id", into: &fields)?.makeString()
        }
    }

    /// Moves past `null` and returns true, or returns false at any other value.
    private mutating func skipNull() throws(RejectReason) -> Bool {
        guard index < count, base[index] == UInt8(ascii: "n") else { return false }
        _ = try scanValue(depth: 1)
        return true
    }

    /// An integer field's value, or nil (noted as invalid) for any other value, which is skipped as a
    /// value inside `depth` arrays and objects (1 for a top-level field).
    private mutating func scanInteger(
        _ field: @autoclosure () -> String, depth: Int = 1, into fields: inout ScannedFields
    ) throws(RejectReason) -> Int64? {
        guard index < count else { throw failure("line ends where a value was expected") }
        let byte = base[index]
        if byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 {
            if case .integer(let value) = try scanNumber() { return value }
            fields.invalid(field(), "expected an integer that fits 64 bits")
            return nil
        }
        try skipValue(depth: depth)
        fields.invalid(field(), "expected an integer")
        return nil
    }

    /// A string field's value, or nil (noted as invalid) for any other value, which is skipped as a
    /// value inside `depth` arrays and objects (1 for a top-level field).
    private mutating func scanStringValue(
        _ field: @autoclosure () -> String, depth: Int = 1, into fields: inout ScannedFields
    ) throws(RejectReason) -> ScannedString? {
        guard index < count else { throw failure("line ends where a value was expected") }
        if base[index] == UInt8(ascii: "\"") { return try scanString() }
        try skipValue(depth: depth)
        fields.invalid(field(), "expected a string")
        return nil
    }

    /// Moves past `{` and returns true, or skips any other value (noted as invalid) and returns false.
    private mutating func beginObject(_ field: @autoclosure () -> String, into fields: inout ScannedFields)
        throws(RejectReason) -> Bool
    {
        guard index < count else { throw failure("line ends where a value was expected") }
        if base[index] == UInt8(ascii: "{") {
            index += 1
            return true
        }
        try skipValue(depth: 1)
        fields.invalid(field(), "expected an object")
        return false
    }

    /// Scans the members of an object whose `{` is consumed, calling `member` with each key's bytes;
    /// `member` returns false for a key it does not know, whose value (at `depth`) is then skipped.
    private mutating func scanMembers(
        depth: Int, _ member: (inout RecordScanner, UnsafeBufferPointer<UInt8>) throws(RejectReason) -> Bool
    ) throws(RejectReason) {
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        var keys: [ScannedString] = []
        var repeatedKeys = RepeatedKeyCheck()
        var keyCount = 0
        repeat {
            skipWhitespace()
            let keyPosition = index
            guard keyCount < Self.maximumKeys else { throw tooManyKeys(at: keyPosition) }
            keyCount += 1
            let key = try scanString()
            // The first keys are compared one by one and kept in `keys`; from then on the table holds them.
            let isDuplicate =
                keys.count < RepeatedKeyCheck.linearLimit
                ? key.withBytes { bytes in keys.contains { earlier in earlier.withBytes { $0.elementsEqual(bytes) } } }
                : key.withBytes { bytes in
                    repeatedKeys.isRepeatedInTable(bytes) { insert in
                        for earlier in keys { earlier.withBytes { insert($0) } }
                    }
                }
            guard !isDuplicate else {
                throw RejectReason.invalidJSON(position: keyPosition, "duplicate key \"\(key.makeString())\"")
            }
            if keys.count < RepeatedKeyCheck.linearLimit { keys.append(key) }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), ":")
            skipWhitespace()
            let known = try key.withBytes { (bytes) throws(RejectReason) -> Bool in
                try member(&self, bytes)
            }
            if !known { try skipValue(depth: depth) }
        } while try memberSeparator(close: UInt8(ascii: "}"))
    }

    /// Checks the value at the current position as ``scanValue(depth:)`` does, with the same reasons at
    /// the same positions, without building it: for values a record does not keep.
    private mutating func skipValue(depth: Int) throws(RejectReason) {
        guard index < count else { throw failure("line ends where a value was expected") }
        switch base[index] {
        case UInt8(ascii: "\""): _ = try scanString()
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw tooDeep() }
            index += 1
            try scanMembers(depth: depth + 1) { _, _ in false }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw tooDeep() }
            index += 1
            skipWhitespace()
            if index < count, base[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            repeat {
                skipWhitespace()
                try skipValue(depth: depth + 1)
            } while try memberSeparator(close: UInt8(ascii: "]"))
        default: _ = try scanValue(depth: depth)
        }
    }

    private mutating func scanActor(into fields: inout ScannedFields) throws(RejectReason) {
        try scanMembers(depth: 2) { (scanner, key) throws(RejectReason) -> Bool in
            if key.isSpelled("id") {
                fields.actorID = try scanner.scanInteger("actor.id", depth: 2, into: &fields)
            } else if key.isSpelled("name") {
                fields.actorName = try scanner.scanStringValue("actor.name", depth: 2, into: &fields)?.makeString()
            } else {
                return false
            }
            return true
        }
    }

    private mutating func scanSubject(
        _ name: String, into subject: inout ScannedSubject, fields: inout ScannedFields
    ) throws(RejectReason) {
        try scanMembers(depth: 2) { (scanner, key) throws(RejectReason) -> Bool in
            if key.isSpelled("type") {
                subject.type = try scanner.scanStringValue(name + ".type", depth: 2, into: &fields)?.makeString()
            } else if key.isSpelled("id") {
                subject.id = try scanner.scanInteger(name + ".id", depth: 2, into: &fields)
            } else if key.isSpelled("title") {
                subject.title = try scanner.scanStringValue(name + ".title", depth: 2, into: &fields)?.makeString()
            } else {
                return false
            }
            return true
        }
    }

    private mutating func scanChanges(into fields: inout ScannedFields) throws(RejectReason) {
        var changes: [SignalRecord.FieldChange] = []
        try scanMembers(depth: 2) { (scanner, key) throws(RejectReason) -> Bool in
            let field = String(decoding: key, as: UTF8.self)
            guard let (old, new) = try scanner.scanPair(depth: 2) else {
                fields.invalid("changes", "field \"\(field)\" must be [old, new]")
                return true
            }
            changes.append(SignalRecord.FieldChange(field: field, old: old, new: new))
            return true
        }
        fields.changes = changes
    }
}

extension RecordScanner {
    /// The two elements of the array at the current position (inside `depth` arrays and objects), or nil
    /// for any other value or an array of another length; checked as ``scanValue(depth:)`` checks it,
    /// without building the array.
    fileprivate mutating func scanPair(depth: Int) throws(RejectReason) -> (JSONValue, JSONValue)? {
        guard index < count, base[index] == UInt8(ascii: "["), depth < Self.maximumDepth else {
            try skipValue(depth: depth)
            return nil
        }
        index += 1
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "]") {
            index += 1
            return nil
        }
        skipWhitespace()
        let old = try scanValue(depth: depth + 1)
        guard try memberSeparator(close: UInt8(ascii: "]")) else { return nil }
        skipWhitespace()
        let new = try scanValue(depth: depth + 1)
        guard try memberSeparator(close: UInt8(ascii: "]")) else { return (old, new) }
        repeat {
            skipWhitespace()
            try skipValue(depth: depth + 1)
        } while try memberSeparator(close: UInt8(ascii: "]"))
        return nil
    }
}

extension ScannedFields {
    /// The record, once the version, field types and required fields are checked, in that order.
    fileprivate func makeRecord() throws(RejectReason) -> SignalRecord {
        guard let version else { throw invalidVersion ?? .missingField("v") }
        guard version == Int64(SignalRecord.formatVersion) else { throw .unsupportedVersion(version) }
        if let firstInvalid { throw firstInvalid }
        guard let seq else { throw .missingField("seq") }
        guard let timestamp else { throw .missingField("ts") }
        guard let source else { throw .missingField("source") }
        guard let signal else { throw .missingField("signal") }
        guard hasActor else { throw .missingField("actor") }
        guard let actorID else { throw .missingField("actor.id") }
        guard let actorName else { throw .missingField("actor.name") }
        guard hasSubject else { throw .missingField("subject") }
        let subject = try subject.make("subject")
        let parent = hasParent ? try parent.make("parent") : nil
        let record = SignalRecord(
            version: Int(version), seq: seq, timestamp: timestamp, source: source, signal: signal,
            actor: SignalRecord.Actor(id: actorID, name: actorName), subject: subject, parent: parent,
            changes: changes, requestID: requestID)
        do {
            // `scanMembers` rejected a repeated key in `changes` already.
            try SignalRecord.validate(
                version: record.version, seq: seq, timestamp: timestamp, source: source, signal: signal,
                hasParent: parent != nil, changes: changes, fieldsAreDistinct: true)
        } catch {
            throw error.isMissingField
                ? RejectReason.missingField(error.field, error.message)
                : RejectReason.invalidField(error.field, error.message)
        }
        return record
    }
}

extension ScannedSubject {
    fileprivate func make(_ name: String) throws(RejectReason) -> SignalRecord.Subject {
        guard let type else { throw .missingField(name + ".type") }
        guard let id else { throw .missingField(name + ".id") }
        guard let title else { throw .missingField(name + ".title") }
        return SignalRecord.Subject(type: type, id: id, title: title)
    }
}
