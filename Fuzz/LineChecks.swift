/// What must hold for every line given to `SignalRecord.decode(line:)`.
///
/// - A reject's position, when it has one, lies within the line (`0..<count`).
/// - The fast path and the general scan decide alike: the line with a space after its first `{`
///   (which only the general scan takes) is accepted exactly when the line is, as the same record,
///   or rejected with the same kind and field.
/// - An accepted line agrees with an independent JSON reader (``JSONOracle``).
/// - An accepted record's canonical line (`encodedLine()`) takes the fast path and decodes to the
///   same record, string for string by Unicode scalars.
enum LineChecks {
    static func check(line: [UInt8]) {
        let result = SignalRecord.decode(line: line)
        if case .failure(let reason) = result, let position = reason.position, !(0..<line.count).contains(position) {
            fuzzFailure(
                "position \(position) outside a line of \(line.count) bytes (\(reason)): \(JSONOracle.show(line))")
        }
        if let spaced = spacedAfterFirstBrace(line) {
            let general = SignalRecord.decode(line: spaced)
            switch (result, general) {
            case (.success(let fast), .success(let slow)):
                if !sameRecord(fast, slow) { fuzzFailure("a space changed the record: \(JSONOracle.show(line))") }
            case (.failure(let fast), .failure(let slow)):
                if fast.kind != slow.kind || fast.field != slow.field {
                    fuzzFailure("a space changed the reason (\(fast) against \(slow)): \(JSONOracle.show(line))")
                }
            case (.success, .failure(let reason)):
                fuzzFailure("accepted, but rejected with a space (\(reason)): \(JSONOracle.show(line))")
            case (.failure(let reason), .success):
                fuzzFailure("rejected (\(reason)), but accepted with a space: \(JSONOracle.show(line))")
            }
        }
        switch result {
        case .success(let record):
            JSONOracle.checkAccepted(line, record)
            checkCanonicalLine(of: record)
        case .failure(let reason):
            JSONOracle.checkRejected(line, reason)
        }
    }

    /// Whether two records are the same, strings compared by their Unicode scalars (`==` on records
    /// compares strings by canonical equivalence).
    static func sameRecord(_ a: SignalRecord, _ b: SignalRecord) -> Bool {
        a == b && a.version == b.version && a.encodedLine() == b.encodedLine()
    }

    /// `line` with a space after the `{` that starts it (after any whitespace), or nil when it does not
    /// start with one.
    private static func spacedAfterFirstBrace(_ line: [UInt8]) -> [UInt8]? {
        guard let first = line.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
            line[first] == UInt8(ascii: "{")
        else { return nil }
        var spaced = line
        spaced.insert(UInt8(ascii: " "), at: first + 1)
        return spaced
    }

    private static func checkCanonicalLine(of record: SignalRecord) {
        let canonical = Array(record.encodedLine().dropLast())
        let fast = canonical.withUnsafeBufferPointer { buffer in
            var scanner = RecordScanner(base: buffer.baseAddress!, count: buffer.count)
            var caches = RecordCaches(enabled: false)
            return scanner.scanCanonicalRecord(caches: &caches)
        }
        guard let fast else { fuzzFailure("the fast path refuses a canonical line: \(JSONOracle.show(canonical))") }
        if !sameRecord(fast, record) {
            fuzzFailure("a canonical line decodes to another record: \(JSONOracle.show(canonical))")
        }
    }
}
