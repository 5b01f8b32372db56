import Foundation
import SignalLog
import Testing

/// Objects of many keys: up to the limit of keys per object each line is decided correctly (distinct keys
/// accepted, a repeat at the very end found), and beyond it the line is rejected at the first key over the
/// limit, with a reason that names it, whichever path decodes it. The issue's line of 65,536 fields took
/// 69 s to decode when every key was compared with all the earlier ones.
@Suite struct ManyKeysTests {
    static let limit = SignalRecord.maximumKeysPerObject

    /// `"000000":V,"000001":V,…` for `count` keys, with the last key a repeat of the first when `repeating`.
    static func members(_ count: Int, value: String, repeating: Bool = false) -> String {
        (0..<count).map { index in
            let key = repeating && index == count - 1 ? 0 : index
            return "\"\(String(format: "%06d", key))\":\(value)"
        }.joined(separator: ",")
    }

    /// The format's example line with `extra` as further top-level members.
    static func line(_ extra: String) -> String {
        let example = RecordSamples.exampleLine
        precondition(example.hasSuffix("}"))
        return String(example.dropLast()) + "," + extra + "}"
    }

    /// The example line with `changes` holding `members`, after a space when `spaced` (so that the
    /// general scan decodes it instead of the canonical fast path).
    static func changesLine(_ members: String, spaced: Bool) -> String {
        let text = RecordSamples.exampleLine.replacingOccurrences(
            of: #""changes":{"done":[false,true]}"#, with: #""changes":{"# + (spaced ? " " : "") + members + "}")
        precondition(text != RecordSamples.exampleLine)
        return text
    }

    static func decode(_ text: String) -> Result<SignalRecord, RejectReason> {
        SignalRecord.decode(line: Array(text.utf8))
    }

    /// The byte offset of the `n`th key (counting from 0) of `members(…)` inside `text`.
    static func offsetOfKey(_ n: Int, in text: String) -> Int {
        let bytes = Array(text.utf8)
        let key = Array("\"\(String(format: "%06d", n))\":".utf8)
        var index = 0
        while index + key.count <= bytes.count {
            if bytes[index] == key[0], Array(bytes[index..<index + key.count]) == key { return index }
            index += 1
        }
        preconditionFailure("key \(n) not in the line")
    }

    static func expectLimitReject(_ text: String, atKey n: Int) {
        guard case .failure(let reason) = decode(text) else {
            Issue.record("a line over the limit of keys was accepted")
            return
        }
        #expect(reason.kind == .invalidJSON)
        #expect(reason.detail.contains("more keys than the limit of \(limit)"))
        #expect(reason.position == offsetOfKey(n, in: text))
        #expect((reason.position ?? .max) < text.utf8.count)
    }

    @Test(arguments: [false, true])
    func theIssuesLineOf65536FieldsIsRejectedAtTheFirstFieldOverTheLimitOnBothPaths(spaced: Bool) {
        let text = Self.changesLine(Self.members(65_536, value: "[0,1]"), spaced: spaced)
        Self.expectLimitReject(text, atKey: Self.limit)
    }

    @Test(arguments: [false, true])
    func aChangesObjectAtTheLimitIsAcceptedAndARepeatInItFoundOnBothPaths(spaced: Bool) throws {
        let record = try Self.decode(Self.changesLine(Self.members(Self.limit, value: "[0,1]"), spaced: spaced)).get()
        #expect(record.changes.count == Self.limit)
        #expect(record.changes.last?.field == String(format: "%06d", Self.limit - 1))

        let repeated = Self.changesLine(Self.members(Self.limit, value: "[0,1]", repeating: true), spaced: spaced)
        guard case .failure(let reason) = Self.decode(repeated) else {
            Issue.record("a repeated field was accepted")
            return
        }
        #expect(reason.kind == .invalidJSON || reason.kind == .invalidField)
        #expect(reason.detail.contains("000000"))
    }

    @Test(arguments: [false, true])
    func oneFieldOverTheLimitIsRejectedOnBothPaths(spaced: Bool) {
        Self.expectLimitReject(
            Self.changesLine(Self.members(Self.limit + 1, value: "[0,1]"), spaced: spaced), atKey: Self.limit)
    }

    @Test func anUnknownObjectAtTheLimitIsCheckedAndIgnoredAndOneOverItRejected() throws {
        let atLimit = Self.line("\"extra\":{\(Self.members(Self.limit, value: "1"))}")
        #expect(try Self.decode(atLimit).get() == RecordSamples.example)

        let repeated = Self.line("\"extra\":{\(Self.members(Self.limit, value: "1", repeating: true))}")
        guard case .failure(let reason) = Self.decode(repeated) else {
            Issue.record("a repeated key was accepted")
            return
        }
        #expect(reason.kind == .invalidJSON)
        #expect(reason.detail.contains("duplicate key \"000000\""))
        #expect(reason.position == repeated.utf8.count - 1 - "\"000000\":1}".utf8.count)

        Self.expectLimitReject(Self.line("\"extra\":{\(Self.members(65_536, value: "1"))}"), atKey: Self.limit)
    }

    @Test func anObjectInsideAChangedValueCountsItsKeysToo() {
        let inner = "{\(Self.members(65_536, value: "1"))}"
        Self.expectLimitReject(Self.changesLine("\"x\":[null,\(inner)]", spaced: false), atKey: Self.limit)
    }

    @Test func topLevelKeysCountTheRecordsOwnFields() throws {
        let ownFields = try #require(
            try JSONSerialization.jsonObject(with: Data(RecordSamples.exampleLine.utf8)) as? [String: Any]
        ).count
        let atLimit = Self.line(Self.members(Self.limit - ownFields, value: "1"))
        #expect(try Self.decode(atLimit).get() == RecordSamples.example)
        Self.expectLimitReject(
            Self.line(Self.members(65_536, value: "1")), atKey: Self.limit - ownFields)
    }

    @Test func validationRefusesMoreFieldsOrKeysThanTheLimitAndFindsARepeat() {
        var record = RecordSamples.example
        record.changes = (0..<Self.limit).map {
            SignalRecord.FieldChange(field: "f\($0)", old: .integer(0), new: .integer(1))
        }
        #expect(throws: Never.self) { try record.validate() }
        record.changes[Self.limit - 1].field = "f0"
        #expect(throws: RecordValidationError.self) { try record.validate() }
        record.changes[Self.limit - 1].field = "f\(Self.limit - 1)"
        record.changes.append(SignalRecord.FieldChange(field: "over", old: .null, new: .null))
        #expect(throws: RecordValidationError.self) { try record.validate() }

        record.changes = [
            SignalRecord.FieldChange(
                field: "settings", old: .null,
                new: .object((0...Self.limit).map { (key: "k\($0)", value: JSONValue.integer(1)) }))
        ]
        #expect(throws: RecordValidationError.self) { try record.validate() }
        record.changes[0].new = .object((0..<Self.limit).map { (key: "k\($0)", value: JSONValue.integer(1)) })
        #expect(throws: Never.self) { try record.validate() }
    }
}
