import Foundation
import Testing

@testable import SignalLog

/// ``LogReader/skipsLinesStampedBefore``: the leading lines written as the log writer writes records
/// and stamped before the cutoff are consumed unread; the first other line ends the skipping.
@Suite struct StaleLineSkipTests {
    private func line(_ seq: Int64) -> [UInt8] {
        RecordSamples.simple(seq: seq).encodedLine()
    }

    private func lines(_ seqs: ClosedRange<Int64>) -> [UInt8] {
        seqs.flatMap(line)
    }

    /// The cutoff at which records `1..<seq` of ``RecordSamples/simple(seq:title:)`` are stale.
    private func cutoff(before seq: Int64) -> RecordTimestamp {
        RecordSamples.simple(seq: seq).timestamp
    }

    private func read(
        _ bytes: [UInt8], cutoff: RecordTimestamp?, chunkSize: Int = 1 << 20, split: LogReader.TwoThreadSplit? = nil,
        maxLineLength: Int = 1 << 20
    ) throws -> LogReaderTests.Pass {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path("a.log")))
        var reader = LogReader(path: directory.path("a.log"), maxLineLength: maxLineLength, chunkSize: chunkSize)
        reader.skipsLinesStampedBefore = cutoff
        if let split {
            reader.decodesOnTwoThreads = true
            reader.twoThreadSplit = split
        }
        return try LogReaderTests.readAll(reader)
    }

    @Test(arguments: [1 << 20, 100, 37])
    func leadingStaleLinesAreCountedNotDeliveredAndTheRestAreDecoded(chunkSize: Int) throws {
        let bytes = lines(1...300)
        let pass = try read(bytes, cutoff: cutoff(before: 121), chunkSize: chunkSize)
        #expect(pass.outcome.staleLines == 120)
        #expect(pass.records.map(\.record.seq) == Array(121...300))
        #expect(pass.records.first?.offset == UInt64(lines(1...120).count))
        #expect(pass.rejected.isEmpty)
        #expect(pass.outcome.nextOffset == UInt64(bytes.count))
        #expect(pass.outcome.records == 180)
    }

    @Test func skippingWorksTheSameWhenRunsAreSplitBetweenTwoThreads() throws {
        let bytes = lines(1...3000)
        let split = LogReader.TwoThreadSplit(minimumRun: 1024, rangeSize: 512, eventCapacity: 16)
        let pass = try read(bytes, cutoff: cutoff(before: 2001), chunkSize: 4096, split: split)
        #expect(pass.outcome.staleLines == 2000)
        #expect(pass.records.map(\.record.seq) == Array(2001...3000))
    }

    @Test func withoutACutoffOrWithEveryLineNewerNothingIsSkipped() throws {
        let bytes = lines(1...20)
        for cutoff in [nil, self.cutoff(before: 1)] {
            let pass = try read(bytes, cutoff: cutoff)
            #expect(pass.outcome.staleLines == 0)
            #expect(pass.records.map(\.record.seq) == Array(1...20))
        }
    }

    /// A line that does not start as the writer writes records ends the skipping: it is decoded
    /// (here rejected), and so is every line after it, stale or not.
    @Test func theFirstOtherLineEndsTheSkippingForTheRestOfTheRead() throws {
        let bytes = lines(1...5) + Array("not a record\n".utf8) + lines(6...10)
        let pass = try read(bytes, cutoff: cutoff(before: 100))
        #expect(pass.outcome.staleLines == 5)
        #expect(pass.rejected.map(\.offset) == [UInt64(lines(1...5).count)])
        #expect(pass.records.map(\.record.seq) == Array(6...10))
    }

    /// Keys in another order, a BOM, a seq of 20 digits, a timestamp without its closing quote or
    /// cut short: none starts as the writer writes records, so none is skipped.
    @Test(arguments: [
        #"{"seq":1,"v":1,"ts":"2020-01-01T00:00:00.000Z","source":"a","signal":"s.x","actor":{"id":1,"name":"n"},"subject":{"type":"t","id":1,"title":"x"}}"#,
        "\u{FEFF}" + #"{"v":1,"seq":1,"ts":"2020-01-01T00:00:00.000Z","source":"a"}"#,
        #"{"v":1,"seq":12345678901234567890,"ts":"2020-01-01T00:00:00.000Z","source":"a"}"#,
        #"{"v":1,"seq":1,"ts":"2020-01-01T00:00:00.000Z,"source":"a"}"#,
        #"{"v":1,"seq":1,"ts":"2020-01-01T00:00:00.000"#,
        #"{"v":1,"seq":,"ts":"2020-01-01T00:00:00.000Z","source":"a"}"#,
    ])
    func linesThatDoNotStartAsTheWriterWritesAreNeverSkipped(text: String) throws {
        let pass = try read(Array((text + "\n").utf8) + line(1), cutoff: cutoff(before: 100))
        #expect(pass.outcome.staleLines == 0)
        #expect(pass.records.count + pass.rejected.count == 2)
    }

    /// Only the timestamp decides: a stale line is consumed whatever follows it, unchecked.
    @Test func aStaleLineIsNotCheckedBeyondItsTimestamp() throws {
        let broken = Array(#"{"v":1,"seq":7,"ts":"2020-01-01T00:00:00.000Z"}} not json"#.utf8) + [0x0A]
        let pass = try read(broken + line(1), cutoff: cutoff(before: 100))
        #expect(pass.outcome.staleLines == 2)
        #expect(pass.rejected.isEmpty)
        #expect(pass.records.isEmpty)
    }

    /// A partial last line is left for the next read, and a line too long to decode is rejected
    /// as without a cutoff, ending the skipping.
    @Test func aPartialLastLineIsLeftAndAnOverLongLineIsRejected() throws {
        let partial = Array(line(3).prefix(30))
        var pass = try read(lines(1...2) + partial, cutoff: cutoff(before: 100))
        #expect(pass.outcome.staleLines == 2)
        #expect(pass.outcome.trailingPartialBytes == 30)
        #expect(pass.outcome.nextOffset == UInt64(lines(1...2).count))

        let long =
            Array(#"{"v":1,"seq":9,"ts":"2020-01-01T00:00:00.000Z","x":""#.utf8)
            + Array(repeating: UInt8(ascii: "a"), count: 300) + Array("\"}\n".utf8)
        for chunkSize in [64, 1 << 20] {
            pass = try read(
                lines(1...2) + long + lines(3...4), cutoff: cutoff(before: 100), chunkSize: chunkSize,
                maxLineLength: 200)
            #expect(pass.outcome.staleLines == 2)
            #expect(pass.rejected.map(\.reason.kind) == [.lineTooLong])
            #expect(pass.records.map(\.record.seq) == [3, 4])
        }
    }
}
