import Foundation

/// The fast path of the decoder: a line in exactly the shape ``SignalRecord/encodedLine()`` writes.
///
/// Every line our writer produces has its fields in the format's order with no spaces, so the
/// scanner can match the keys as fixed byte strings instead of looking each one up. Any deviation
/// (another order, whitespace, an unknown field, `null`, an error) returns nil and the general scan
/// decides; both accept exactly the same records with the same values.
///
/// Speeds up decoding every line the writer wrote: fixed keys, integers and timestamps without the
/// general scan's detours (a725ed3, 12103fb, 745b632), the record built in place (6bdf9a5), source
/// and signal checked on their bytes and handed to validation as a tuple (392aaca). No separate
/// measurement was recorded; measure with `scripts/compare-reader-builds.sh A B`.
extension RecordScanner {
    /// The record when the line has the canonical shape and is valid; nil otherwise.
    ///
    /// Inlined into each caller, so the record is built where the caller's event goes instead of
    /// being copied there through an `Optional`, a `Result` and an event (each a 200-byte copy).
    @inline(__always)
    mutating func scanCanonicalRecord(caches: inout RecordCaches) -> SignalRecord? {
        guard consume("{\"v\":1,\"seq\":"), let seq = integer(), consume(",\"ts\":\""), index + 25 <= count,
            let timestamp = caches.timestamp(at: base + index)
        else { return nil }
        index += 24
        var signalKind = (isWellFormed: false, isItem: false, isUpdate: false)
        guard consume("\",\"source\":"),
            let source = string(&caches.strings, .source, checking: SignalRecord.isValidSource),
            consume(",\"signal\":"),
            let signal = string(
                &caches.strings, .signal,
                checking: {
                    signalKind = SignalRecord.classifySignal($0)
                    return signalKind.isWellFormed
                }),
            consume(",\"actor\":{\"id\":"), let actorID = integer(),
            consume(",\"name\":"), let actorName = string(&caches.strings, .actorName),
            consume("},\"subject\":{\"type\":"), let subjectType = string(&caches.strings, .type),
            consume(",\"id\":"), let subjectID = integer(),
            consume(",\"title\":"), let subjectTitle = string(&caches.strings, .title),
            consume("}")
        else { return nil }
        var parent: SignalRecord.Subject?
        if consume(",\"parent\":{\"type\":") {
            guard let type = string(&caches.strings, .type), consume(",\"id\":"), let id = integer(),
                consume(",\"title\":"), let title = string(&caches.strings, .title), consume("}")
            else { return nil }
            parent = SignalRecord.Subject(type: type, id: id, title: title)
        }
        var changes: [SignalRecord.FieldChange] = []
        if consume(",\"changes\":{") {
            let listStart = index
            let slot = caches.changeLists.slot(base + index, readable: count - index)
            if let slot,
                let (list, length) = caches.changeLists.list(
                    in: slot.index, matching: base + index, readable: count - index)
            {
                changes = list
                index += length
            } else {
                var repeatedFields = RepeatedKeyCheck()
                repeat {
                    // Beyond the limit the general scan gives the reason.
                    guard changes.count < Self.maximumKeys, let field = string(&caches.strings, .fieldName),
                        !repeatedFields.isRepeated(field, among: changes, keyOf: \.field),
                        consume(":["),
                        let old = changedValue(&caches.strings), consume(","), let new = changedValue(&caches.strings),
                        consume("]")
                    else { return nil }
                    changes.append(SignalRecord.FieldChange(field: field, old: old, new: new))
                } while consume(",")
                guard consume("}") else { return nil }
                if let slot {
                    caches.changeLists.missed(
                        slot, raw: UnsafeBufferPointer(start: base + listStart, count: index - listStart), list: changes
                    )
                }
            }
        }
        var requestID: String?
        if consume(",\"request_id\":") {
            guard let text = plainString() else { return nil }
            requestID = text
        }
        guard consume("}"), index == count else { return nil }
        do {
            try SignalRecord.validate(
                version: SignalRecord.formatVersion, seq: seq, timestamp: timestamp, sourceIsValid: true,
                signal: signal, signalKind: signalKind, hasParent: parent != nil, changes: changes,
                fieldsAreDistinct: true)
        } catch {
            return nil
        }
        return SignalRecord(
            seq: seq, timestamp: timestamp, source: source, signal: signal,
            actor: SignalRecord.Actor(id: actorID, name: actorName),
            subject: SignalRecord.Subject(type: subjectType, id: subjectID, title: subjectTitle),
            parent: parent, changes: changes, requestID: requestID)
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

    /// An integer of at most 18 digits in canonical form; anything else goes through ``scanNumber()``.
    @inline(__always)
    private mutating func integer() -> Int64? {
        var cursor = index
        let negative = cursor < count && base[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        let first = cursor
        var value: Int64 = 0
        while cursor < count, cursor - first < 18 {
            let digit = base[cursor] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int64(digit)
            cursor += 1
        }
        let digits = cursor - first
        let next = cursor < count ? base[cursor] : UInt8(ascii: ",")
        guard digits > 0, digits == 1 || base[first] != UInt8(ascii: "0"), next &- UInt8(ascii: "0") >= 10,
            next != UInt8(ascii: "."), next | 0x20 != UInt8(ascii: "e")
        else {
            guard case .integer(let value)? = try? scanNumber() else { return nil }
            return value
        }
        index = cursor
        return negative ? -value : value
    }

    /// A string without escapes whose bytes pass `check` (the general scan decides on any other).
    @inline(__always)
    private mutating func string(
        _ interning: inout StringInterning, _ field: StringInterning.Field,
        checking check: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> String? {
        guard let span = try? locateString(), !span.hasEscape else { return nil }
        let raw = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
        guard check(raw) else { return nil }
        return interning.string(raw, readable: count - span.start, field) { makeString(span) }
    }

    @inline(__always)
    private mutating func string(_ interning: inout StringInterning, _ field: StringInterning.Field) -> String? {
        guard let span = try? locateString() else { return nil }
        let raw = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
        return interning.string(raw, readable: count - span.start, field) { makeString(span) }
    }

    /// A value in `changes`: strings through the cache, anything else through ``scanValue(depth:)``
    /// at depth 3, inside the record, `changes` and the `[old, new]` pair, as the general scan counts.
    @inline(__always)
    private mutating func changedValue(_ interning: inout StringInterning) -> JSONValue? {
        guard index < count, base[index] == UInt8(ascii: "\"") else { return try? scanValue(depth: 3) }
        return string(&interning, .changedValue).map(JSONValue.string)
    }

    @inline(__always)
    private mutating func plainString() -> String? {
        guard let span = try? locateString() else { return nil }
        return makeString(span)
    }
}
