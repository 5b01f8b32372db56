import Foundation

extension SignalRecord {
    /// The largest `seq` the format allows: 2^53 − 1, exact in every JSON reader.
    public static let maximumSeq: Int64 = (1 << 53) - 1

    /// How many keys one JSON object of a line may have, the record's own object and `changes` included:
    /// readers reject a line with more (`docs/record-format.md`, Limits), so that a hostile line costs
    /// at most this many keys' worth of duplicate checks per object, and writers refuse such a record.
    public static let maximumKeysPerObject = 1_024

    /// The earliest and latest instants `ts` can express with a four-digit year.
    static let timestampRange: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    /// Checks the rules of format version 1 that the types cannot express.
    ///
    /// `v` is 1; `seq` is in 1 … 2^53−1; `ts` has a four-digit year; `source` matches
    /// `[A-Za-z0-9._-]{1,64}`; `signal` is `<type>.<verb>`; `item.*` signals have a `parent`;
    /// `*.updated` signals have at least one change; change field names are distinct and
    /// numbers in changes are finite.
    public func validate() throws(RecordValidationError) {
        try Self.validate(
            version: version, seq: seq, timestamp: timestamp, source: source, signal: signal, hasParent: parent != nil,
            changes: changes)
    }

    /// ``validate()`` on a record's parts, so a decoder can check them before it builds the record;
    /// `fieldsAreDistinct` skips the check for a repeated change field, for a decoder that made it.
    static func validate(
        version: Int, seq: Int64, timestamp: RecordTimestamp, source: String, signal: String, hasParent: Bool,
        changes: [FieldChange], fieldsAreDistinct: Bool = false
    ) throws(RecordValidationError) {
        try validate(
            version: version, seq: seq, timestamp: timestamp, sourceIsValid: withUTF8(of: source, isValidSource),
            signal: signal, signalKind: withUTF8(of: signal, classifySignal), hasParent: hasParent, changes: changes,
            fieldsAreDistinct: fieldsAreDistinct)
    }

    /// ``validate()`` on a record's parts, with what ``isValidSource(_:)`` and ``classifySignal(_:)``
    /// said of its `source` and `signal`, so a decoder can check those on the bytes it read;
    /// `fieldsAreDistinct` skips the check for a repeated change field, for a decoder that made it.
    @inline(__always)
    static func validate(
        version: Int, seq: Int64, timestamp: RecordTimestamp, sourceIsValid: Bool, signal: String,
        signalKind: (isWellFormed: Bool, isItem: Bool, isUpdate: Bool), hasParent: Bool, changes: [FieldChange],
        fieldsAreDistinct: Bool = false
    ) throws(RecordValidationError) {
        guard version == SignalRecord.formatVersion else {
            throw .invalid("v", "format version must be \(SignalRecord.formatVersion), not \(version)")
        }
        guard (1...SignalRecord.maximumSeq).contains(seq) else {
            throw .invalid("seq", "must be in 1…\(SignalRecord.maximumSeq), not \(seq)")
        }
        guard SignalRecord.timestampRange.contains(timestamp.millisecondsSinceEpoch) else {
            throw .invalid("ts", "year must be 0000…9999")
        }
        guard sourceIsValid else {
            throw .invalid("source", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -")
        }
        let (isWellFormed, isItem, isUpdate) = signalKind
        guard isWellFormed else {
            throw .invalid("signal", "must be <subject type>.<verb>")
        }
        if isItem, !hasParent {
            throw .missing("parent", "required for \(signal)")
        }
        if isUpdate, changes.isEmpty {
            throw .missing("changes", "\(signal) needs at least one change")
        }
        guard changes.count <= maximumKeysPerObject else {
            throw .invalid("changes", "more than \(maximumKeysPerObject) fields, the limit of keys in an object")
        }
        var repeatedFields = RepeatedKeyCheck()
        for (index, change) in changes.enumerated() {
            if !fieldsAreDistinct, repeatedFields.isRepeated(change.field, among: changes[..<index], keyOf: \.field) {
                throw .invalid("changes", "field \"\(change.field)\" appears twice")
            }
            if let problem = change.old.encodingProblem ?? change.new.encodingProblem {
                throw .invalid("changes", "field \"\(change.field)\": \(problem)")
            }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `text` without copying it when its storage is contiguous.
    @inline(__always)
    private static func withUTF8<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Whether `signal` is `<type>.<verb>` (both non-empty), an `item.*` signal, and a `*.updated` one.
    static func classifySignal(_ bytes: UnsafeBufferPointer<UInt8>) -> (Bool, Bool, Bool) {
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot > 0, dot < bytes.count - 1 else {
            return (false, false, false)
        }
        let isItem = dot == 4 && memcmp(bytes.baseAddress!, "item", 4) == 0
        let isUpdate = bytes.count > 8 && memcmp(bytes.baseAddress! + bytes.count - 8, ".updated", 8) == 0
        return (true, isItem, isUpdate)
    }

    /// Whether `bytes` is 1 to 64 bytes of `[A-Za-z0-9._-]`.
    static func isValidSource(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }
}

extension JSONValue {
    /// Why this value cannot be written as JSON (a number that is not finite, a key twice in an object, an
    /// object over the limit of keys), or nil.
    var encodingProblem: String? {
        switch self {
        case .null, .bool, .integer, .string: return nil
        case .number(let value): return value.isFinite ? nil : "number \(value) is not finite"
        case .array(let values): return values.lazy.compactMap(\.encodingProblem).first
        case .object(let members):
            guard members.count <= SignalRecord.maximumKeysPerObject else {
                return "an object with more than \(SignalRecord.maximumKeysPerObject) keys, the limit"
            }
            var repeatedKeys = RepeatedKeyCheck()
            for (index, member) in members.enumerated() {
                if repeatedKeys.isRepeated(member.key, among: members[..<index], keyOf: \.key) {
                    return "key \"\(member.key)\" appears twice"
                }
                if let problem = member.value.encodingProblem { return problem }
            }
            return nil
        }
    }
}
