/// Decodes lines into records: the canonical fast path first, the general scan for anything else.
///
/// One decoder serves many lines (``LogReader`` keeps one per read) so repeated strings are shared.
struct LineDecoder {
    private var interning: StringInterning

    init(interning: Bool) {
        self.interning = StringInterning(enabled: interning)
    }

    /// See ``SignalRecord/decode(line:)-(UnsafeRawBufferPointer)``.
    @inline(__always)
    mutating func decode(_ line: UnsafeRawBufferPointer) -> Result<SignalRecord, RejectReason> {
        guard let base = line.baseAddress, !line.isEmpty else {
            return .failure(.invalidJSON(position: 0, "empty line"))
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var length = line.count
        if bytes[length - 1] == UInt8(ascii: "\r") { length -= 1 }
        var fast = RecordScanner(base: bytes, count: length)
        if let record = fast.scanCanonicalRecord(interning: &interning) {
            return .success(record)
        }
        var scanner = RecordScanner(base: bytes, count: length)
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
