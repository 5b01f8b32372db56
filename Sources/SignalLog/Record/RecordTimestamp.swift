import Foundation

/// A record's commit time (`ts`): milliseconds since the Unix epoch, written as
/// `YYYY-MM-DDTHH:MM:SS.sssZ` (RFC 3339, UTC, milliseconds).
public struct RecordTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00.000Z.
    public var millisecondsSinceEpoch: Int64

    /// Creates a timestamp from milliseconds since the epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Creates a timestamp from a `Date`, truncated to the millisecond.
    public init(_ date: Date) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        self.millisecondsSinceEpoch = Int64(milliseconds)
    }

    /// The same instant as a `Date`.
    public var date: Date {
        Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000)
    }

    /// The instant in the record format: `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public var description: String { rfc3339 }

    /// Milliseconds in one UTC day.
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// The first instant of the UTC day `days` after 1970-01-01 (before it when negative).
    public init(startOfDay days: Int64) {
        self.millisecondsSinceEpoch = days * Self.millisecondsPerDay
    }

    /// Whole UTC days since 1970-01-01, rounded down (negative before it).
    public var daysSinceEpoch: Int64 {
        millisecondsSinceEpoch.quotientAndRemainderFlooring(by: Self.millisecondsPerDay).0
    }

    /// The UTC calendar day, `YYYY-MM-DD`.
    public var utcDay: String {
        String(rfc3339.prefix(10))
    }

    /// The instant in the record format: `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public var rfc3339: String {
        let (days, millisecondOfDay) = millisecondsSinceEpoch.quotientAndRemainderFlooring(by: Self.millisecondsPerDay)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let seconds = millisecondOfDay / 1000
        var text = ""
        text.reserveCapacity(24)
        Self.append(year, width: 4, to: &text)
        text.append("-")
        Self.append(month, width: 2, to: &text)
        text.append("-")
        Self.append(day, width: 2, to: &text)
        text.append("T")
        Self.append(seconds / 3600, width: 2, to: &text)
        text.append(":")
        Self.append(seconds / 60 % 60, width: 2, to: &text)
        text.append(":")
        Self.append(seconds % 60, width: 2, to: &text)
        text.append(".")
        Self.append(millisecondOfDay % 1000, width: 3, to: &text)
        text.append("Z")
        return text
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SS.sssZ`; returns nil for anything else
    /// (another zone, missing milliseconds, an impossible date).
    public init?(rfc3339 text: some StringProtocol) {
        var utf8 = String(text)
        guard let value = utf8.withUTF8({ Self.parse($0) }) else { return nil }
        self.millisecondsSinceEpoch = value
    }

    /// Parses the 24 bytes `YYYY-MM-DDTHH:MM:SS.sssZ` from a UTF-8 buffer; nil if they are not exactly that.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> RecordTimestamp? {
        parse(bytes).map(RecordTimestamp.init(millisecondsSinceEpoch:))
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count == 24, let base = b.baseAddress, let days = parseDay(base),
            let time = parseTimeOfDay(base + 10)
        else { return nil }
        return days * millisecondsPerDay + time
    }

    /// The days since 1970-01-01 of the 10 bytes `YYYY-MM-DD` at `b`, nil when they are not a real day.
    static func parseDay(_ b: UnsafePointer<UInt8>) -> Int64? {
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), let year = digits(b, 0, 4),
            let month = digits(b, 5, 2), let day = digits(b, 8, 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day)
    }

    /// The milliseconds into the day of the 14 bytes `THH:MM:SS.mmmZ` at `b`, nil when they are not a time.
    static func parseTimeOfDay(_ b: UnsafePointer<UInt8>) -> Int64? {
        guard b[0] == UInt8(ascii: "T"), b[3] == UInt8(ascii: ":"), b[6] == UInt8(ascii: ":"),
            b[9] == UInt8(ascii: "."), b[13] == UInt8(ascii: "Z"),
            let hour = digits(b, 1, 2), let minute = digits(b, 4, 2), let second = digits(b, 7, 2),
            let millisecond = digits(b, 10, 3), hour < 24, minute < 60, second < 60
        else { return nil }
        return ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
    }

    /// The `count` decimal digits at `b + start`, nil when one is not a digit.
    @inline(__always)
    private static func digits(_ b: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<(start + count) {
            let digit = b[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// Orders timestamps by instant.
    public static func < (lhs: RecordTimestamp, rhs: RecordTimestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Days from civil date and back: Howard Hinnant's public-domain algorithms.
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        text.append(String(repeating: "0", count: max(0, width - digits.count)))
        text.append(digits)
    }
}

extension Int64 {
    fileprivate func quotientAndRemainderFlooring(by divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
