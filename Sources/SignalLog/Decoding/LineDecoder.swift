/// Decodes lines into records: the canonical fast path first, the general scan for anything else.
///
/// One decoder serves many lines (``LogReader`` keeps one per read) so repeated strings are shared.
struct LineDecoder {
    private var interning: StringInterning

    init(interning: Bool) {
        self.interning = StringInterning(enabled: interning)
    }

    /// See ``SignalRecord/decode(line:)-(UnsafeRawBufferPointer)``; decoding starts at byte `start`
    /// (after a BOM), and positions in reasons count from the line's first byte.
    @inline(__always)
    mutating func decode(_ line: UnsafeRawBufferPointer, from start: Int = 0) -> Result<SignalRecord, RejectReason> {
        guard let base = line.baseAddress, line.count > start else {
            return .failure(.invalidJSON(position: start, "empty line"))
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var length = line.count
        if bytes[length - 1] == UInt8(ascii: "\r") { length -= 1 }
        var fast = RecordScanner(base: bytes, count: length, start: start)
        if let record = fast.scanCanonicalRecord(interning: &interning) {
            return .success(record)
        }
        var scanner = RecordScanner(base: bytes, count: length, start: start)
        do throws(RejectReason) {
            return .success(try scanner.scanRecord())
        } catch {
            if error.kind == .invalidJSON,
                let bad = UTF8Validation.firstInvalidIndex(in: bytes, from: 0, to: line.count)
            {
                return .failure(.invalidUTF8(position: bad))
            }
            return .failure(error)
        }
    }
}
