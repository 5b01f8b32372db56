import Foundation
import Testing

@testable import SignalLog

/// The reader splits large runs of lines between two threads; what it delivers must not change.
@Suite struct TwoThreadReadingTests {
    /// One delivered event, comparable.
    enum Seen: Equatable {
        case record(SignalRecord, offset: UInt64, length: Int)
        case rejected(RejectedLine)

        init(_ event: LogReader.Event) {
            switch event {
            case .record(let record, let offset, let length): self = .record(record, offset: offset, length: length)
            case .rejected(let line): self = .rejected(line)
            }
        }
    }

    /// A log of well over a chunk: a BOM, random records, CRLF lines, every kind of bad line, lines
    /// just over and far over the limit, and a partial last line.
    static func mixedLog(maxLineLength: Int) -> [UInt8] {
        var generator = SeededGenerator(seed: 0x5EED_2C0E)
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        var seq: Int64 = 1
        while bytes.count < 900_000 {
            switch Int.random(in: 0..<400, using: &generator) {
            case 0: bytes += Array("{\"v\":1,\"seq\":".utf8) + [0xFF, 0x0A]
            case 1: bytes += Array("not json\n".utf8)
            case 2: bytes += Array("\n  \n".utf8)
            case 3: bytes += Array(repeating: UInt8(ascii: "x"), count: maxLineLength + 1) + [0x0A]
            case 4: bytes += Array(repeating: UInt8(ascii: "y"), count: 150_000) + [0x0A]
            case 5..<40:
                var line = RecordSamples.simple(seq: seq).encodedLine()
                line.insert(UInt8(ascii: "\r"), at: line.count - 1)
                bytes += line
            case 40..<80: bytes += RecordSamples.random(seq: seq, using: &generator).encodedLine()
            default: bytes += RecordSamples.simple(seq: seq, title: "Item \(seq) ✓ <b>").encodedLine()
            }
            seq += 1
        }
        return bytes + Array(RecordSamples.simple(seq: seq).encodedLine().prefix(30))
    }

    /// Everything `reader` delivers from `offset`, stopping after `stopAfter` events if given.
    static func read(_ reader: LogReader, from offset: UInt64 = 0, stopAfter: Int? = nil) throws -> (
        [Seen], LogReader.Outcome
    ) {
        var seen: [Seen] = []
        let outcome = try reader.read(from: offset) { event in
            seen.append(Seen(event))
            return seen.count != stopAfter
        }
        return (seen, outcome)
    }

    static func reader(_ path: String, chunkSize: Int, twoThreads: Bool) -> LogReader {
        var reader = LogReader(path: path, maxLineLength: 4000, chunkSize: chunkSize)
        reader.decodesOnTwoThreads = twoThreads
        return reader
    }

    @Test(arguments: [65_537, 100_003, 1 << 20])
    func twoThreadsDeliverTheSameEventsOffsetsAndOutcomeAsOne(chunkSize: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        try Data(Self.mixedLog(maxLineLength: 4000)).write(to: URL(fileURLWithPath: path))
        let (expected, expectedOutcome) = try Self.read(Self.reader(path, chunkSize: 4096, twoThreads: false))
        let (seen, outcome) = try Self.read(Self.reader(path, chunkSize: chunkSize, twoThreads: true))
        #expect(
            expected.contains { if case .rejected(let line) = $0 { line.reason.kind == .lineTooLong } else { false } })
        #expect(expected.count > 500)
        #expect(outcome == expectedOutcome)
        #expect(seen.count == expected.count)
        #expect(seen == expected)
    }

    /// The other thread reads the next chunk ahead; it must not read past `limit` either.
    @Test func twoThreadsStopAtTheLimitLikeOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        let bytes = Self.mixedLog(maxLineLength: 4000)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for limit in [70_000, 200_001, 524_288, 700_000, UInt64(bytes.count - 1)] as [UInt64] {
            var expected: [Seen] = []
            let expectedOutcome = try Self.reader(path, chunkSize: 4096, twoThreads: false).read(from: 0, limit: limit)
            {
                expected.append(Seen($0))
                return true
            }
            var seen: [Seen] = []
            let outcome = try Self.reader(path, chunkSize: 65_536, twoThreads: true).read(from: 0, limit: limit) {
                seen.append(Seen($0))
                return true
            }
            #expect(outcome.nextOffset <= limit, "limit \(limit)")
            #expect(outcome.nextOffset == expectedOutcome.nextOffset, "limit \(limit)")
            #expect(seen == expected, "limit \(limit)")
        }
    }

    /// Random logs (long lines, runs of empty lines, BOM or not), each read from random offsets,
    /// limits and stopping points with several line limits and chunk sizes. When the body stops,
    /// `trailingPartialBytes` counts what the buffer held, which depends on the chunk size.
    @Test func twoThreadsMatchOneFromAnyOffsetLimitAndStop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        var generator = SeededGenerator(seed: 77)
        for round in 0..<12 {
            let maxLineLength = [300, 4000, 70_000][round % 3]
            var bytes: [UInt8] = round % 2 == 0 ? [0xEF, 0xBB, 0xBF] : []
            var seq: Int64 = 1
            let size = Int.random(in: 100_000...500_000, using: &generator)
            while bytes.count < size {
                switch Int.random(in: 0..<100, using: &generator) {
                case 0:
                    bytes += Array(repeating: UInt8(ascii: "x"), count: Int.random(in: 1...200_000, using: &generator))
                case 1: bytes += Array(repeating: 0x0A, count: Int.random(in: 1...20_000, using: &generator))
                case 2: bytes += Array("junk".utf8)
                default: bytes += RecordSamples.simple(seq: seq).encodedLine().dropLast()
                }
                bytes.append(0x0A)
                seq += 1
            }
            if Bool.random(using: &generator) { bytes += Array("partial".utf8) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for trial in 0..<4 {
                let chunkSize = [65_536, 70_001, 300_000, 1 << 20].randomElement(using: &generator)!
                let offset = trial == 0 ? 0 : UInt64.random(in: 0...UInt64(bytes.count), using: &generator)
                let limit =
                    trial % 2 == 0 ? nil : UInt64.random(in: offset...UInt64(bytes.count + 10), using: &generator)
                let stop = trial % 3 == 0 ? Int.random(in: 1...2000, using: &generator) : nil
                func read(_ reader: LogReader) throws -> ([Seen], LogReader.Outcome) {
                    var seen: [Seen] = []
                    let outcome = try reader.read(from: offset, limit: limit) { event in
                        seen.append(Seen(event))
                        return seen.count != stop
                    }
                    return (seen, outcome)
                }
                var one = LogReader(path: path, maxLineLength: maxLineLength, chunkSize: 4096)
                one.decodesOnTwoThreads = false
                var two = LogReader(path: path, maxLineLength: maxLineLength, chunkSize: chunkSize)
                two.decodesOnTwoThreads = true
                let (expected, expectedOutcome) = try read(one)
                var (seen, outcome) = try read(two)
                if seen.count == stop { outcome.trailingPartialBytes = expectedOutcome.trailingPartialBytes }
                let context: Comment = "round \(round), trial \(trial)"
                #expect(outcome == expectedOutcome, context)
                #expect(seen == expected, context)
            }
        }
    }

    @Test func twoThreadsDeliverRunsOfMoreLinesThanTheHelperHoldsAtOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        var bytes: [UInt8] = []
        for seq in 1...3 as ClosedRange<Int64> {
            bytes += RecordSamples.simple(seq: seq).encodedLine() + Array(repeating: 0x0A, count: 40_000)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (expected, expectedOutcome) = try Self.read(Self.reader(path, chunkSize: 4096, twoThreads: false))
        let (seen, outcome) = try Self.read(Self.reader(path, chunkSize: 1 << 20, twoThreads: true))
        #expect(expected.count == 120_003)
        #expect(outcome == expectedOutcome)
        #expect(seen == expected)
    }

    @Test func twoThreadsStopAfterTheSameLineAsOneWhenTheBodySaysSo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        try Data(Self.mixedLog(maxLineLength: 4000)).write(to: URL(fileURLWithPath: path))
        let (all, _) = try Self.read(Self.reader(path, chunkSize: 4096, twoThreads: false))
        for stop in [1, 2, all.count / 7, all.count / 3, all.count / 2, all.count - 1, all.count] {
            let (expected, expectedOutcome) = try Self.read(
                Self.reader(path, chunkSize: 1 << 20, twoThreads: false), stopAfter: stop)
            let (seen, outcome) = try Self.read(
                Self.reader(path, chunkSize: 1 << 20, twoThreads: true), stopAfter: stop)
            #expect(seen == expected, "stopping after \(stop) events")
            #expect(outcome == expectedOutcome, "stopping after \(stop) events")
            let (rest, _) = try Self.read(
                Self.reader(path, chunkSize: 1 << 20, twoThreads: true), from: outcome.nextOffset)
            #expect(seen + rest == all, "resuming after \(stop) events")
        }
    }

    struct Stop: Error, Equatable {}

    @Test func twoThreadsRethrowWhatTheBodyThrowsOnEitherThreadsPart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        try Data(Self.mixedLog(maxLineLength: 4000)).write(to: URL(fileURLWithPath: path))
        let (all, _) = try Self.read(Self.reader(path, chunkSize: 1 << 20, twoThreads: false))
        for stop in [1, all.count / 8, all.count * 3 / 8, all.count * 5 / 8, all.count - 1] {
            var seen = 0
            #expect(throws: Stop(), "throwing at event \(stop)") {
                _ = try Self.reader(path, chunkSize: 1 << 20, twoThreads: true).read(from: 0) { _ in
                    seen += 1
                    if seen == stop { throw Stop() }
                    return true
                }
            }
            #expect(seen == stop, "throwing at event \(stop)")
        }
    }

    /// Each thread keeps its own string cache, so the records one thread decoded share one `signal`
    /// storage (but for the first two, made before the cache keeps it): a second shared storage shows
    /// the other thread decoded some of the lines.
    @Test func theOtherThreadDecodesPartOfALargeRun() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        // Several chunks, so the other thread is up and taking ranges whatever its start-up takes.
        let bytes = (1...40_000 as ClosedRange<Int64>).flatMap { RecordSamples.simple(seq: $0).encodedLine() }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for twoThreads in [false, true] {
            let (seen, _) = try Self.read(Self.reader(path, chunkSize: 1 << 20, twoThreads: twoThreads))
            var records = [UInt: Int]()
            for case .record(let record, _, _) in seen {
                let storage = record.signal.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) }
                records[storage ?? 0, default: 0] += 1
            }
            #expect(seen.count == 40_000)
            #expect(records.values.filter { $0 > 1 }.count == (twoThreads ? 2 : 1), "two threads: \(twoThreads)")
        }
    }

    /// With the split made tiny, even a small file is split between the threads, in ranges of a few
    /// bytes and jobs of a few events: what is delivered stays the same.
    @Test(arguments: [(1, 1, 1), (8, 3, 2), (64, 16, 5), (500, 100, 8192)])
    func aTinySplitDeliversTheSameEventsAsOneThread(minimumRun: Int, rangeSize: Int, eventCapacity: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        for seq in 1...40 as ClosedRange<Int64> {
            bytes += RecordSamples.simple(seq: seq).encodedLine()
            bytes += Array(["", "junk\n", "\n", String(repeating: "x", count: 300) + "\n"][Int(seq % 4)].utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var oneThread = LogReader(path: path, maxLineLength: 250, chunkSize: 4096)
        oneThread.decodesOnTwoThreads = false
        let (expected, expectedOutcome) = try Self.read(oneThread)
        #expect(expected.count == 70)
        for chunkSize in [1, 7, 300, 1 << 20] {
            var reader = LogReader(path: path, maxLineLength: 250, chunkSize: chunkSize)
            reader.decodesOnTwoThreads = true
            reader.twoThreadSplit = LogReader.TwoThreadSplit(
                minimumRun: minimumRun, rangeSize: rangeSize, eventCapacity: eventCapacity)
            let (seen, outcome) = try Self.read(reader)
            #expect(seen == expected, "chunk \(chunkSize)")
            #expect(outcome == expectedOutcome, "chunk \(chunkSize)")
        }
    }

    @Test func helperDecodesAtMostItsCapacityAndSaysWhereItStopped() {
        let lines = (1...5 as ClosedRange<Int64>).map { RecordSamples.simple(seq: $0).encodedLine() }
        let bytes = lines.flatMap { $0 }
        let helper = LineBatchDecoder(path: "a.log", maxLineLength: 4000, capacity: 3)
        defer { helper.close() }
        for (bufferOffset, runStart) in [(100, 0), (900, lines[0].count)] {
            var seen: [(seq: Int64, offset: UInt64)] = []
            let ranges = bytes.withUnsafeBufferPointer { buffer in
                helper.start(buffer.baseAddress!, from: runStart, to: buffer.count, bufferOffset: bufferOffset)
                defer { helper.finish() }
                helper.waitForBack()
                for range in helper.backRanges {
                    for index in range.events {
                        if case .record(let record, let offset, _) = helper.event(at: index).pointee {
                            seen.append((record.seq, offset))
                        }
                    }
                }
                return Array(helper.backRanges)
            }
            let first = runStart == 0 ? 0 : 1
            let starts = (0...5).map { index in lines[0..<index].reduce(0) { $0 + $1.count } }
            // The whole run fits one range, which the helper took before this thread claimed anything.
            #expect(ranges.count == 1, "run at \(runStart)")
            #expect(ranges.first?.events == 0..<3, "run at \(runStart)")
            #expect(ranges.first?.end == bytes.count, "run at \(runStart)")
            #expect(seen.map(\.seq) == Array(Int64(first + 1)...Int64(first + 3)), "run at \(runStart)")
            #expect(
                seen.map(\.offset) == starts[first..<first + 3].map { UInt64(bufferOffset + $0) }, "run at \(runStart)")
        }
    }

    /// The other thread decodes the lines this one leaves it, the file's first line too: it skips
    /// that line's BOM, and gives offsets from buffer indexes whatever index 0's offset is.
    @Test func helperSkipsTheBOMOfTheFirstLineAndOffsetsEventsFromNegativeBufferOffsets() {
        let lines = (1...3 as ClosedRange<Int64>).map { RecordSamples.simple(seq: $0).encodedLine() }
        let bytes = Array("stale\n".utf8) + [0xEF, 0xBB, 0xBF] + lines.flatMap { $0 }
        let helper = LineBatchDecoder(path: "a.log", maxLineLength: 4000)
        defer { helper.close() }
        let seen = bytes.withUnsafeBufferPointer { buffer in
            helper.start(buffer.baseAddress!, from: 6, to: buffer.count, bufferOffset: -6)
            defer { helper.finish() }
            helper.waitForBack()
            return helper.backRanges.flatMap { range in range.events.map { helper.event(at: $0).pointee } }
        }
        let offsets = [0, 3 + lines[0].count, 3 + lines[0].count + lines[1].count]
        #expect(seen.count == 3)
        for (index, event) in seen.enumerated() {
            guard case .record(let record, let offset, let length) = event else {
                Issue.record("line \(index) rejected: \(event)")
                continue
            }
            #expect(record.seq == Int64(index + 1))
            #expect(offset == UInt64(offsets[index]))
            #expect(length == lines[index].count + (index == 0 ? 3 : 0))
        }
    }

    /// The read ahead lands its bytes in the destination and says how many it got: fewer at the end
    /// of the file, none past it, and -1 when it failed, for this thread to read again and report.
    @Test func helperReadsAheadAndSaysHowManyBytesItGotOrThatItFailed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("a.log")
        let file = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try Data(file).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let helper = LineBatchDecoder(path: path, maxLineLength: 4000)
        defer { helper.close() }
        let run = Array("\n".utf8)
        let destination = UnsafeMutablePointer<UInt8>.allocate(capacity: 600)
        defer { destination.deallocate() }
        for (descriptor, position, expected) in [
            (descriptor, 100, 600), (descriptor, 700, 300), (descriptor, 1000, 0), (-1, 0, -1),
        ] {
            destination.initialize(repeating: 0, count: 600)
            run.withUnsafeBufferPointer { buffer in
                helper.start(
                    buffer.baseAddress!, from: 0, to: 1, bufferOffset: 0,
                    readAhead: .init(
                        descriptor: descriptor, position: UInt64(position), count: 600, destination: destination))
                helper.finish()
            }
            #expect(helper.readAheadCount == expected, "at \(position)")
            #expect(
                Array(UnsafeBufferPointer(start: destination, count: max(expected, 0)))
                    == Array(file[position..<position + max(expected, 0)]))
        }
    }

    /// This thread claims at most three ranges and then waits, so the other thread takes the rest
    /// (all of them if it started first); it has room for every line, so it decodes all it took.
    @Test func theTwoThreadsClaimEveryByteOfARunOnceBetweenThem() {
        let runLength = 10 * LineBatchDecoder.rangeSize + 123
        let bytes = [UInt8](repeating: 0x0A, count: runLength + 7)
        let helper = LineBatchDecoder(path: "a.log", maxLineLength: 4000, capacity: runLength)
        defer { helper.close() }
        bytes.withUnsafeBufferPointer { buffer in
            helper.start(buffer.baseAddress!, from: 7, to: buffer.count, bufferOffset: 0)
            defer { helper.finish() }
            var front = 7
            for _ in 0..<3 {
                guard let claimed = helper.claimFront() else { break }
                #expect(claimed > front && claimed - front <= LineBatchDecoder.rangeSize)
                front = claimed
            }
            helper.waitForBack()
            #expect(helper.claimFront() == nil)
            #expect(helper.backRanges.count >= 7)
            var back = front
            var decoded = 0
            for range in helper.backRanges {
                #expect(range.end > back && range.end - back <= LineBatchDecoder.rangeSize)
                decoded += range.events.count
                back = range.end
            }
            #expect(back == buffer.count)
            // Each of the helper's lines is one `\n` that starts in its part.
            #expect(decoded == buffer.count - front)
        }
    }
}
