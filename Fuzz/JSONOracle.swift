import Foundation

/// Foundation's `JSONSerialization` as an independent reader of each line, and what is compared.
///
/// For a line the decoder accepts, the oracle must parse it as a JSON object, and that object must
/// hold what the record holds: `v` is 1; `seq`, `actor.id`, `subject.id`, `parent.id` are the same
/// integers; `ts` is the record's timestamp spelled `YYYY-MM-DDTHH:MM:SS.sssZ`; `source`, `signal`,
/// `actor.name`, the subject's and parent's `type` and `title`, `request_id` and every change's field
/// name are the same Unicode scalars; `parent`, `changes` and `request_id` are absent or `null`
/// exactly when the record has none; each change is a two-element array whose values equal the
/// record's (strings by scalars, integers exactly, other numbers as the same `Double` up to
/// `NSDecimalNumber`'s rounding, objects by their keys). Unknown fields are only required to parse.
///
/// For a line the decoder rejects as `invalidJSON` although the oracle parses it as an object, the
/// reason must be one of the format's rules that plain JSON lacks: a key twice in one object, or
/// arrays and objects nested deeper than the decoder's limit.
///
/// Where the oracle is not strict enough or too strict, and so not used:
/// - it accepts a key twice (the last wins), a comma before a closing `}` or `]`, a byte order mark,
///   and UTF-16 or UTF-32 text (lines with a NUL byte): the decoder's stricter verdicts there are not
///   compared;
/// - it refuses numbers beyond `Double`'s range (`1e999`, "not representable"), which JSON allows
///   and the decoder accepts in unknown fields (changes must be finite): such a refusal is allowed;
/// - its objects are Swift dictionaries keyed by `String`, whose equality is canonical equivalence,
///   so two keys that differ only in normalization (a precomposed `é` and `e` with an accent, which
///   the format keeps apart) become one: keys are compared as sets of such classes.
enum JSONOracle {
    /// Checks an accepted line against the oracle.
    static func checkAccepted(_ line: [UInt8], _ record: SignalRecord) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line))
        } catch {
            if "\(error)".contains("not representable") { return }
            fuzzFailure("accepted line the oracle rejects (\(error)): \(show(line))")
        }
        guard let fields = object as? [String: Any] else {
            fuzzFailure("accepted line is not a JSON object to the oracle: \(show(line))")
        }
        let comparison = Comparison(line: line)
        comparison.integer(fields["v"], Int64(SignalRecord.formatVersion), "v")
        comparison.integer(fields["seq"], record.seq, "seq")
        if (fields["ts"] as? String) != record.timestamp.rfc3339 {
            comparison.fail("ts", "\(String(describing: fields["ts"])) against \(record.timestamp.rfc3339)")
        }
        comparison.string(fields["source"], record.source, "source")
        comparison.string(fields["signal"], record.signal, "signal")
        let actor = fields["actor"] as? [String: Any] ?? [:]
        comparison.integer(actor["id"], record.actor.id, "actor.id")
        comparison.string(actor["name"], record.actor.name, "actor.name")
        comparison.subject(fields["subject"], record.subject, "subject")
        if let parent = record.parent {
            comparison.subject(fields["parent"], parent, "parent")
        } else if !isAbsentOrNull(fields["parent"]) {
            comparison.fail("parent", "present, but the record has none")
        }
        if let requestID = record.requestID {
            comparison.string(fields["request_id"], requestID, "request_id")
        } else if !isAbsentOrNull(fields["request_id"]) {
            comparison.fail("request_id", "present, but the record has none")
        }
        comparison.changes(fields["changes"], record.changes)
    }

    /// Checks that a line rejected as `invalidJSON` breaks a rule plain JSON lacks when the oracle
    /// parses it as an object.
    static func checkRejected(_ line: [UInt8], _ reason: RejectReason) {
        guard reason.kind == .invalidJSON, !line.contains(0), !line.starts(with: [0xEF, 0xBB, 0xBF]),
            (try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any]
        else { return }
        if reason.detail.contains("duplicate key") || reason.detail.contains("nested deeper than the limit")
            || isTrailingComma(line, at: reason.position)
        {
            return
        }
        fuzzFailure("rejected a JSON object the oracle reads (\(reason)): \(show(line))")
    }

    /// Whether the byte at `position` closes an object or array right after a comma (whitespace aside).
    private static func isTrailingComma(_ line: [UInt8], at position: Int?) -> Bool {
        guard let position, line.indices.contains(position),
            line[position] == UInt8(ascii: "}") || line[position] == UInt8(ascii: "]")
        else { return false }
        let before = line[..<position].last { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return before == UInt8(ascii: ",")
    }

    private static func isAbsentOrNull(_ value: Any?) -> Bool {
        value == nil || value is NSNull
    }

    /// The line for a failure message: as text when it is UTF-8, as hex bytes otherwise.
    static func show(_ line: [UInt8]) -> String {
        if let text = String(validating: line, as: UTF8.self) { return text.debugDescription }
        return line.map { String($0, radix: 16) }.joined(separator: " ")
    }
}

/// One accepted line compared with the oracle's reading of it.
private struct Comparison {
    let line: [UInt8]

    func fail(_ field: String, _ what: String) -> Never {
        fuzzFailure("the oracle reads \(field) differently: \(what), in \(JSONOracle.show(line))")
    }

    func integer(_ value: Any?, _ expected: Int64, _ field: String) {
        guard let number = value as? NSNumber, !isBool(number), sameInteger(number, expected) else {
            fail(field, "\(String(describing: value)) against \(expected)")
        }
    }

    func string(_ value: Any?, _ expected: String, _ field: String) {
        guard let text = value as? String, text.unicodeScalars.elementsEqual(expected.unicodeScalars) else {
            fail(field, "\(String(describing: value).debugDescription) against \(expected.debugDescription)")
        }
    }

    func subject(_ value: Any?, _ expected: SignalRecord.Subject, _ field: String) {
        guard let members = value as? [String: Any] else { fail(field, "not an object") }
        string(members["type"], expected.type, field + ".type")
        integer(members["id"], expected.id, field + ".id")
        string(members["title"], expected.title, field + ".title")
    }

    func changes(_ value: Any?, _ expected: [SignalRecord.FieldChange]) {
        if expected.isEmpty {
            guard value == nil || value is NSNull || (value as? [String: Any])?.isEmpty == true else {
                fail("changes", "not empty, but the record has none")
            }
            return
        }
        guard let members = value as? [String: Any] else { fail("changes", "not an object") }
        let keys = expected.map { ($0.field, JSONValue.array([$0.old, $0.new])) }
        object(members, keys, "changes")
    }

    /// `members` hold exactly `expected`, keys compared as classes of canonically equivalent strings.
    private func object(_ members: [String: Any], _ expected: [(String, JSONValue)], _ field: String) {
        guard Set(expected.map(\.0)).count == members.count else {
            fail(field, "\(members.count) keys against \(expected.count)")
        }
        let ambiguous = Dictionary(grouping: expected.map(\.0)) { $0 }.filter { $0.value.count > 1 }
        for (key, value) in expected {
            guard let found = members[key] else { fail(field, "no key \(key.debugDescription)") }
            if ambiguous[key] == nil { self.value(found, value, "\(field).\(key)") }
        }
    }

    private func value(_ found: Any, _ expected: JSONValue, _ field: String) {
        switch expected {
        case .null:
            guard found is NSNull else { fail(field, "\(found) against null") }
        case .bool(let flag):
            guard let number = found as? NSNumber, isBool(number), number.boolValue == flag else {
                fail(field, "\(found) against \(flag)")
            }
        case .integer(let integer): self.integer(found, integer, field)
        case .number(let double):
            guard let number = found as? NSNumber, !isBool(number), sameDouble(number, double) else {
                fail(field, "\(found) against \(double)")
            }
        case .string(let text): string(found, text, field)
        case .array(let elements):
            guard let array = found as? [Any], array.count == elements.count else {
                fail(field, "\(found) against \(elements.count) elements")
            }
            for (index, element) in elements.enumerated() { value(array[index], element, "\(field)[\(index)]") }
        case .object(let members):
            guard let object = found as? [String: Any] else { fail(field, "\(found) is not an object") }
            self.object(object, members.map { ($0.key, $0.value) }, field)
        }
    }

    private func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    private func sameInteger(_ number: NSNumber, _ expected: Int64) -> Bool {
        if number.stringValue == String(expected) { return true }
        // `-0` reads as a double zero.
        return String(cString: number.objCType) == "d" && number.doubleValue == Double(expected)
    }

    private func sameDouble(_ number: NSNumber, _ expected: Double) -> Bool {
        let found = number.doubleValue
        if found == expected { return true }
        // Long mantissas come back as `NSDecimalNumber`, rounded to 38 digits before the conversion.
        return number is NSDecimalNumber && abs(found - expected) <= 1e-12 * max(abs(found), abs(expected))
    }
}
