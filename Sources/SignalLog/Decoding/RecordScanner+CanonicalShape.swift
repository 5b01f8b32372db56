import Foundation

/// The fast path of the decoder: a line in exactly the shape ``SignalRecord/encodedLine()`` writes.
///
/// Every line our writer produces has its fields in the format's order with no spaces, so the
/// scanner can match the keys as fixed byte strings instead of looking each one up. Any deviation
/// (another order, whitespace, an unknown field, `null`, an error) returns nil and the general scan
/// decides; both accept exactly the same records with the same values.
extension RecordScanner {
    /// The record when the line has the canonical shape and is valid; nil otherwise.
    mutating func scanCanonicalRecord(interning: inout StringInterning) -> SignalRecord? {
        guard consume("{\"v\":1,\"seq\":"), let seq = integer(), consume(",\"ts\":\""), index + 25 <= count,
            let timestamp = RecordTimestamp.parse(utf8: UnsafeBufferPointer(start: base + index, count: 24))
        else { return nil }
        index += 24
        guard consume("\",\"source\":"), let source = string(&interning, .source),
            consume(",\"signal\":"), let signal = string(&interning, .signal),
            consume(",\"actor\":{\"id\":"), let actorID = integer(),
            consume(",\"name\":"), let actorName = string(&interning, .actorName),
            consume("},\"subject\":{\"type\":"), let subjectType = string(&interning, .type),
            consume(",\"id\":"), let subjectID = integer(),
            consume(",\"title\":"), let subjectTitle = plainString(),
            consume("}")
        else { return nil }
        var parent: SignalRecord.Subject?
        if consume(",\"parent\":{\"type\":") {
            guard let type = string(&interning, .type), consume(",\"id\":"), let id = integer(),
                consume(",\"title\":"), let title = string(&interning, .parentTitle), consume("}")
            else { return nil }
            parent = SignalRecord.Subject(type: type, id: id, title: title)
        }
        var changes: [SignalRecord.FieldChange] = []
        if consume(",\"changes\":{") {
            repeat {
                guard let field = plainString(), !changes.contains(where: { $0.field == field }), consume(":["),
                    let old = try? scanValue(depth: 2), consume(","), let new = try? scanValue(depth: 2), consume("]")
                else { return nil }
                changes.append(SignalRecord.FieldChange(field: field, old: old, new: new))
            } while consume(",")
            guard consume("}") else { return nil }
        }
        var requestID: String?
        if consume(",\"request_id\":") {
            guard let text = plainString() else { return nil }
            requestID = text
        }
        guard consume("}"), index == count else { return nil }
        do {
            try SignalRecord.validate(
                version: SignalRecord.formatVersion, seq: seq, timestamp: timestamp, source: source, signal: signal,
                hasParent: parent != nil, changes: changes)
        } catch {
            return nil
        }
        return SignalRecord(
            seq: seq, timestamp: timestamp, source: source, signal: signal,
            actor: SignalRecord.Actor(id: actorID, name: actorName),
            subject: SignalRecord.Subject(type: subjectType, id: subjectID, title: subjectTitle), parent: parent,
            changes: changes, requestID: requestID)
    }

    /// Moves past `literal` when the bytes at the current position are exactly it.
    @inline(__always)
    private mutating func consume(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else { return false }
        let expected = UnsafeRawPointer(literal.utf8Start)
        let actual = UnsafeRawPointer(base + index)
        var offset = 0
        while offset + 8 <= length {
            guard
                actual.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    == expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < length {
            guard
                actual.load(fromByteOffset: offset, as: UInt8.self)
                    == expected.load(fromByteOffset: offset, as: UInt8.self)
            else { return false }
            offset += 1
        }
        index += length
        return true
    }

    @inline(__always)
    private mutating func integer() -> Int64? {
        guard case .integer(let value)? = try? scanNumber() else { return nil }
        return value
    }

    @inline(__always)
    private mutating func string(_ interning: inout StringInterning, _ field: StringInterning.Field) -> String? {
        guard let scanned = try? scanString() else { return nil }
        switch scanned {
        case .raw(let bytes): return interning.string(bytes, field)
        case .decoded: return scanned.makeString()
        }
    }

    @inline(__always)
    private mutating func plainString() -> String? {
        (try? scanString())?.makeString()
    }
}
