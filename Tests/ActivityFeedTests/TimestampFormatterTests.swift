import SignalLog
import Testing

@testable import ActivityFeed

@Suite struct TimestampFormatterTests {
    @Test func writesWhatRecordTimestampWritesAcrossDaysYearsAndTheEpoch() {
        var generator = SplitMix64(seed: 20_261_125)
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

/// A small seeded generator, so a failure can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
