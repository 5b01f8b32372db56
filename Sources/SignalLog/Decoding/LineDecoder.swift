/// Decodes lines into records: the canonical fast path first, the general scan for anything else.
///
/// One decoder serves many lines (``LogReader`` keeps one per thread) so repeated strings are shared.
struct LineDecoder {
    private var caches: RecordCaches

    init(interning: Bool) {
        caches = RecordCaches(enabled: interning)
    }

    /// See ``SignalRecord/decode(line:)-(UnsafeRawBufferPointer)``; decoding starts at byte `start`
    /// (after a BOM), and positions in reasons count from the line's first byte.
    @inline(__always)
    mutating func decode(_ line: UnsafeRawBufferPointer, from start: Int = 0) -> Result<SignalRecord, RejectReason> {
        guard let base = line.baseAddress, line.count > start else { return .failure(.emptyLine) }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        if let record = canonicalRecord(bytes, count: line.count, from: start) {
            return .success(record)
        }
        return generalScan(bytes, count: line.count, from: start)
    }

    /// The record when the line (`count` > `start` bytes, a final `\r` ignored) has the canonical shape.
    @inline(__always)
    private mutating func canonicalRecord(_ bytes: UnsafePointer<UInt8>, count: Int, from start: Int)
        -> SignalRecord?
    {
        let length = bytes[count - 1] == UInt8(ascii: "\r") ? count - 1 : count
        var fast = RecordScanner(base: bytes, count: length, start: start)
        return fast.scanCanonicalRecord(caches: &caches)
    }

    /// The general scan of a line of `count` > `start` bytes, with the exact reason when it is bad.
    private func generalScan(_ bytes: UnsafePointer<UInt8>, count: Int, from start: Int)
        -> Result<SignalRecord, RejectReason>
    {
        let length = bytes[count - 1] == UInt8(ascii: "\r") ? count - 1 : count
        var scanner = RecordScanner(base: bytes, count: length, start: start)
        do throws(RejectReason) {
            return .success(try scanner.scanRecord())
        } catch {
            if error.kind == .invalidJSON, let bad = UTF8Validation.firstInvalidIndex(in: bytes, from: 0, to: count) {
                return .failure(.invalidUTF8(position: bad))
            }
            return .failure(error)
        }
    }
}

extension LineDecoder {
    /// The reader's event for one complete line of `path` at file offset `offset`, `length` bytes
    /// without its `\n`: a record, or a rejection (`lineTooLong` past `maxLineLength`). A BOM is
    /// skipped when the line starts the file.
    @inline(__always)
    mutating func event(
        line: UnsafePointer<UInt8>, length: Int, at offset: UInt64, path: String, maxLineLength: Int
    ) -> LogReader.Event {
        let reason: RejectReason
        if length > maxLineLength {
            reason = .lineTooLong(length: length, limit: maxLineLength)
        } else {
            let hasBOM = offset == 0 && length >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF
            switch decode(UnsafeRawBufferPointer(start: line, count: length), from: hasBOM ? 3 : 0) {
            case .success(let record): return .record(record, offset: offset, length: length + 1)
            case .failure(let failure): reason = failure
            }
        }
        return .rejected(
            RejectedLine(
                path: path, offset: offset, length: length + 1, reason: reason,
                prefix: Array(UnsafeBufferPointer(start: line, count: min(length, RejectedLine.prefixLimit)))))
    }
}
