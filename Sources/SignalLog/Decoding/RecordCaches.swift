/// What a ``LineDecoder`` keeps from line to line for its fast path: repeated strings, repeated
/// change lists, and the last day a timestamp fell on.
///
/// Speeds up timestamps by parsing a day only when it is not the last one's (392aaca); for the
/// strings and lists see ``StringInterning`` and ``ChangeListCache``. No separate measurement of
/// the day memo was recorded; measure with `scripts/compare-reader-builds.sh A B`.
struct RecordCaches {
    var strings: StringInterning
    var changeLists: ChangeListCache
    /// The bytes `YYYY-MM-DD` of the last timestamp parsed, packed, and that day's number; at first
    /// 1970-01-01's, so that no bytes match before a day was parsed (zeros would).
    private var lastDay = Self.firstDay
    private static let firstDay: (low: UInt64, high: UInt16, days: Int64) = Array("1970-01-01".utf8)
        .withUnsafeBytes {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt16.self), 0)
        }

    /// Caches, or with `enabled` false ones that keep no strings or lists.
    init(enabled: Bool) {
        strings = StringInterning(enabled: enabled)
        changeLists = ChangeListCache(enabled: enabled)
    }

    /// The timestamp of the 24 bytes `YYYY-MM-DDTHH:MM:SS.sssZ` at `bytes`, nil when they are not
    /// one; the day is parsed only when it is not the last one's.
    @inline(__always)
    mutating func timestamp(at bytes: UnsafePointer<UInt8>) -> RecordTimestamp? {
        let low = UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self)
        let high = UnsafeRawPointer(bytes).loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        let days: Int64
        if low == lastDay.low, high == lastDay.high {
            days = lastDay.days
        } else {
            guard let parsed = RecordTimestamp.parseDay(bytes) else { return nil }
            lastDay = (low, high, parsed)
            days = parsed
        }
        guard let time = RecordTimestamp.parseTimeOfDay(bytes + 10) else { return nil }
        return RecordTimestamp(millisecondsSinceEpoch: days * RecordTimestamp.millisecondsPerDay + time)
    }
}
