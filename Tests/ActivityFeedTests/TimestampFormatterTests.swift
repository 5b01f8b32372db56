import SignalLog
import Testing

@testable import ActivityFeed

@Suite struct TimestampFormatterTests {
    @Test func writesWhatRecordTimestampWritesAcrossDaysYearsAndTheEpoch() {
        // A failure names its instant, so random ones can be replayed by hand.
        var generator = SystemRandomNumberGenerator()
        var instants: [Int64] = [0, -1, 86_399_999, 86_400_000, -86_400_000, 951_782_400_000, 4_107_542_399_999]
        for _ in 0..<2000 { instants.append(Int64(bitPattern: generator.next()) % 8_000_000_000_000) }
        var run = Int64(1_795_521_600_000)
        for _ in 0..<500 {
            run += Int64(generator.next() % 400_000)
            instants.append(run)
        }
        var formatter = TimestampFormatter()
        for instant in instants {
            let timestamp = RecordTimestamp(millisecondsSinceEpoch: instant)
            #expect(formatter.rfc3339(timestamp) == timestamp.rfc3339, "\(instant)")
        }
    }
}
