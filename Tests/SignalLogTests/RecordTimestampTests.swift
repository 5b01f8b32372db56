import Foundation
import SignalLog
import Testing

@Suite struct RecordTimestampTests {
    @Test func formatsAndParsesTheRecordFormat() throws {
        let text = "2026-11-24T10:15:30.123Z"
        let timestamp = try #require(RecordTimestamp(rfc3339: text))
        #expect(timestamp.rfc3339 == text)
        #expect(timestamp.millisecondsSinceEpoch == 1_795_515_330_123)
    }

    @Test func agreesWithFoundationAcrossCenturiesAndLeapDays() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)
            let timestamp = RecordTimestamp(millisecondsSinceEpoch: milliseconds)
            let expected = formatter.string(from: timestamp.date)
            #expect(timestamp.rfc3339 == expected)
            #expect(RecordTimestamp(rfc3339: timestamp.rfc3339) == timestamp)
        }
    }

    @Test(arguments: [
        "2000-02-29T23:59:59.999Z", "2024-02-29T00:00:00.000Z", "1900-02-28T12:00:00.000Z", "1900-03-01T00:00:00.000Z",
        "2100-03-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
    ])
    func parsesLeapDaysAndCenturyBoundariesAsTheGregorianCalendarDoes(text: String) throws {
        let parts = text.split { !$0.isNumber }.map { Int($0)! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let components = DateComponents(
            year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
        let date = try #require(calendar.date(from: components))
        let timestamp = try #require(RecordTimestamp(rfc3339: text))
        #expect(timestamp.millisecondsSinceEpoch == Int64(date.timeIntervalSince1970) * 1000 + Int64(parts[6]))
        #expect(timestamp.rfc3339 == text)
    }

    @Test(arguments: [
        "1900-02-29T00:00:00.000Z", "2100-02-29T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-11-24T10:60:30.123Z",
        "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123+00:00", "2026-02-29T00:00:00.000Z",
        "2026-13-01T00:00:00.000Z", "2026-11-24 10:15:30.123Z", "2026-11-24T24:00:00.000Z", "",
    ])
    func rejectsAnythingButMillisecondUTC(text: String) {
        #expect(RecordTimestamp(rfc3339: text) == nil)
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00.000Z", Int64(0), "1970-01-01"),
        ("1969-12-31T23:59:59.999Z", Int64(-1), "1969-12-31"),
        ("2026-11-24T10:15:30.123Z", Int64(20_781), "2026-11-24"),
    ])
    func daysSinceEpochRoundDownAndNameTheUTCDay(text: String, days: Int64, day: String) throws {
        let timestamp = try #require(RecordTimestamp(rfc3339: text))
        #expect(timestamp.daysSinceEpoch == days)
        #expect(timestamp.utcDay == day)
        #expect(RecordTimestamp(startOfDay: days).rfc3339 == day + "T00:00:00.000Z")
    }
}
