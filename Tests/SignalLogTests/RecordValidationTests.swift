import SignalLog
import Testing

@Suite struct RecordValidationTests {
    @Test func acceptsTheFormatsExample() throws {
        try RecordSamples.example.validate()
    }

    /// The example broken in the way `name` says, with the field and whether it is a missing-field error.
    private static func broken(_ name: String) -> (SignalRecord, String, Bool) {
        var record = RecordSamples.example
        switch name {
        case "version 2": record.version = 2; return (record, "v", false)
        case "seq 0": record.seq = 0; return (record, "seq", false)
        case "seq 2^53": record.seq = SignalRecord.maximumSeq + 1; return (record, "seq", false)
        case "year 10000":
            record.timestamp = .init(millisecondsSinceEpoch: 253_402_300_800_000); return (record, "ts", false)
        case "empty source": record.source = ""; return (record, "source", false)
        case "long source": record.source = String(repeating: "a", count: 65); return (record, "source", false)
        case "source with space": record.source = "app 1"; return (record, "source", false)
        case "non-ASCII source": record.source = "äpp"; return (record, "source", false)
        case "signal without dot": record.signal = "updated"; return (record, "signal", false)
        case "signal without type": record.signal = ".updated"; return (record, "signal", false)
        case "item without parent": record.parent = nil; return (record, "parent", true)
        case "update without changes": record.changes = []; return (record, "changes", true)
        case "field changed twice": record.changes += record.changes; return (record, "changes", false)
        case "infinite number": record.changes[0].new = .number(.infinity); return (record, "changes", false)
        default: record.changes[0].new = .object([("a", .null), ("a", .null)]); return (record, "changes", false)
        }
    }

    @Test(arguments: [
        "version 2", "seq 0", "seq 2^53", "year 10000", "empty source", "long source", "source with space",
        "non-ASCII source", "signal without dot", "signal without type", "item without parent",
        "update without changes", "field changed twice", "infinite number", "duplicate key in a value",
    ])
    func rejectsARecordThatBreaksARuleNamingTheField(rule: String) {
        let (record, field, isMissing) = Self.broken(rule)
        #expect {
            try record.validate()
        } throws: { error in
            let error = error as? RecordValidationError
            return error?.field == field && error?.isMissingField == isMissing
        }
    }

    @Test func acceptsTheLimitsOfSeqAndSourceAndUnknownSignals() throws {
        var record = RecordSamples.example
        record.seq = SignalRecord.maximumSeq
        record.source = String(repeating: "A-z_9.", count: 10) + "abcd"
        record.signal = "comment.posted"
        record.parent = nil
        try record.validate()
        record.seq = 1
        record.source = "x"
        try record.validate()
    }
}
