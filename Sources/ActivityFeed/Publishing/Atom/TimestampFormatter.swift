import SignalLog

/// Writes timestamps exactly as ``SignalLog/RecordTimestamp/rfc3339`` does, asking it for the
/// calendar date only once per UTC day and formatting the time of day itself.
///
/// Documents hold many entries of the same day in a row, so this saves the date arithmetic and most
/// of the string building per entry. Not thread-safe: one formatter belongs to one document.
struct TimestampFormatter {
    /// The UTC day whose date is in ``datePrefix``.
    private var day = Int64.min
    /// `YYYY-MM-DDT` of ``day``, as ``SignalLog/RecordTimestamp/rfc3339`` writes it.
    private var datePrefix: [UInt8] = []
    /// The length of `HH:MM:SS.sssZ`, which follows the date prefix.
    private static let timeOfDayLength = 13

    /// `timestamp` as `YYYY-MM-DDTHH:MM:SS.sssZ`.
    mutating func rfc3339(_ timestamp: RecordTimestamp) -> String {
        let days = timestamp.daysSinceEpoch
        if days != day {
            day = days
            datePrefix = Array(RecordTimestamp(startOfDay: days).rfc3339.utf8.dropLast(Self.timeOfDayLength))
        }
        let millisecondOfDay = Int(timestamp.millisecondsSinceEpoch - days * RecordTimestamp.millisecondsPerDay)
        let seconds = millisecondOfDay / 1000
        return String(unsafeUninitializedCapacity: datePrefix.count + Self.timeOfDayLength) { text in
            var end = text.initialize(fromContentsOf: datePrefix)
            func put(_ value: Int, digits: Int) {
                var rest = value
                for place in stride(from: end + digits - 1, through: end, by: -1) {
                    text[place] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
                    rest /= 10
                }
                end += digits
            }
            func put(_ byte: Unicode.Scalar) {
                text[end] = UInt8(ascii: byte)
                end += 1
            }
            put(seconds / 3600, digits: 2)
            put(":")
            put(seconds / 60 % 60, digits: 2)
            put(":")
            put(seconds % 60, digits: 2)
            put(".")
            put(millisecondOfDay % 1000, digits: 3)
            put("Z")
            return end
        }
    }
}
