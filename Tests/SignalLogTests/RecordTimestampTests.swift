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
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)
            let timestamp = RecordTimestamp(millisecondsSinceEpoch: milliseconds)
            let expected = formatter.string(from: timestamp.date)
            #expect(timestamp.rfc3339 == expected)
            #expect(RecordTimestamp(rfc3339: timestamp.rfc3339) == timestamp)
        }
    }

    @Test(arguments: [
        "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123+00:00", "2026-02-29T00:00:00.000Z",
        "2026-13-01T00:00:00.000Z", "2026-11-24 10:15:30.123Z", "2026-11-24T24:00:00.000Z", "",
    ])
    func rejectsAnythingButMillisecondUTC(text: String) {
        #expect(RecordTimestamp(rfc3339: text) == nil)
    }
}
