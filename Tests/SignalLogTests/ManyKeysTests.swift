import Foundation
import SignalLog
import Testing

/// Objects with tens of thousands of keys, each distinct or with one repeated at the very end: each line is
/// decided correctly (and, with the hash set, in time linear in its length: such a line took 69 s before).
@Suite struct ManyKeysTests {
    static let keyCount = 65_536

    /// `{"000000":[0,1],"000001":[0,1],…}`, with the last key a repeat of the first when `repeating`.
    static func members(value: String, repeating: Bool) -> String {
        var parts: [String] = []
        parts.reserveCapacity(keyCount)
        for index in 0..<keyCount {
            let key = repeating && index == keyCount - 1 ? 0 : index
            parts.append("\"\(String(format: "%06d", key))\":\(value)")
        }
        return parts.joined(separator: ",")
    }

    static func line(_ extra: String, separator: String = "") -> String {
        let example = RecordSamples.exampleLine
        precondition(example.hasSuffix("}"))
        return String(example.dropLast()) + "," + separator + extra + "}"
    }

    static func decode(_ text: String) -> Result<SignalRecord, RejectReason> {
        SignalRecord.decode(line: Array(text.utf8))
    }

    @Test(arguments: [false, true])
    func aChangesObjectOfManyFieldsIsDecidedOnBothPaths(spaced: Bool) throws {
        let base = RecordSamples.exampleLine.replacingOccurrences(
            of: #""changes":{"done":[false,true]}"#, with: #""changes":{CHANGES}"#)
        precondition(base.contains("CHANGES"))
        let space = spaced ? " " : ""
        let distinct = base.replacingOccurrences(
            of: "{CHANGES}", with: "{\(space)\(Self.members(value: "[0,1]", repeating: false))}")
        let record = try Self.decode(distinct).get()
        #expect(record.changes.count == Self.keyCount)

        let repeated = base.replacingOccurrences(
            of: "{CHANGES}", with: "{\(space)\(Self.members(value: "[0,1]", repeating: true))}")
        guard case .failure(let reason) = Self.decode(repeated) else {
            Issue.record("a repeated field was accepted")
            return
        }
        #expect(reason.kind == .invalidJSON || reason.kind == .invalidField)
        #expect(reason.detail.contains("000000"))
    }

    @Test func anUnknownObjectOfManyKeysIsCheckedAndIgnored() throws {
        let distinct = Self.line("\"extra\":{\(Self.members(value: "1", repeating: false))}")
        #expect(try Self.decode(distinct).get() == RecordSamples.example)
        let repeated = Self.line("\"extra\":{\(Self.members(value: "1", repeating: true))}")
        guard case .failure(let reason) = Self.decode(repeated) else {
            Issue.record("a repeated key was accepted")
            return
        }
        #expect(reason.kind == .invalidJSON)
        #expect(reason.detail.contains("duplicate key \"000000\""))
        #expect(reason.position == repeated.utf8.count - 1 - "\"000000\":1}".utf8.count)
    }

    @Test func manyUnknownTopLevelKeysAreCheckedAndIgnored() throws {
        let distinct = Self.line(Self.members(value: "1", repeating: false))
        #expect(try Self.decode(distinct).get() == RecordSamples.example)
        let repeated = Self.line(Self.members(value: "1", repeating: true))
        guard case .failure(let reason) = Self.decode(repeated) else {
            Issue.record("a repeated key was accepted")
            return
        }
        #expect(reason.detail.contains("duplicate key \"000000\""))
    }

    @Test func validationFindsARepeatedFieldAmongManyChanges() {
        var record = RecordSamples.example
        record.changes = (0..<Self.keyCount).map {
            SignalRecord.FieldChange(field: "f\($0 % (Self.keyCount - 1))", old: .integer(0), new: .integer(1))
        }
        #expect(throws: RecordValidationError.self) { try record.validate() }
        record.changes.removeLast()
        #expect(throws: Never.self) { try record.validate() }
    }
}
