import Foundation

/// What must hold for `LogReader` on every file: it delivers the events of a line-by-line model,
/// whatever its chunk size, line limit, threads, and however often it stops and resumes.
///
/// The model splits the file at each `\n` and decodes each complete line with
/// `SignalRecord.decode(line:)` (after a BOM on the first line), or rejects it as `lineTooLong` when it
/// is longer than the limit; a rejected line's prefix is its first min(200, length) bytes. Bytes after
/// the last `\n` give no event. The reader runs twice per input, each time with settings drawn from
/// the input's hash: a chunk size of 1 byte to 64 KiB and a line limit of 1 byte to 8 KiB (inputs
/// are at most 4 KiB), one thread or two with small split sizes (so that even a tiny file is split),
/// and either one read, reads that stop every few events and resume at `nextOffset`, or reads up to
/// a moving `limit`.
///
/// A third read, in one go, skips stale lines (``LogReader/skipsLinesStampedBefore``, with a cutoff
/// drawn from the input's hash): it must deliver the model's events minus its leading lines that
/// `isStale` (a second, plain implementation of the rule) finds older than the cutoff and that fit
/// the line limit, and count those lines in `staleLines`.
enum ReaderChecks {
    private static let path = NSTemporaryDirectory() + "/signal-log-fuzz-\(getpid()).jsonl"

    static func check(file: [UInt8]) {
        guard FileManager.default.createFile(atPath: path, contents: Data(file)) else {
            fuzzFailure("cannot write \(path)")
        }
        var generator = SplitMix64(seed: file.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
        for _ in 0..<2 {
            let settings = Settings(using: &generator)
            let expected = model(file, maxLineLength: settings.reader.maxLineLength)
            let (events, nextOffset) = read(settings, size: UInt64(file.count))
            guard nextOffset == expected.nextOffset else {
                fuzzFailure("\(settings): stopped at \(nextOffset), not \(expected.nextOffset)")
            }
            guard events.count == expected.events.count else {
                fuzzFailure("\(settings): \(events.count) events, not \(expected.events.count)")
            }
            for (index, (event, wanted)) in zip(events, expected.events).enumerated() where !same(event, wanted) {
                fuzzFailure("\(settings): event \(index) is \(event), not \(wanted)")
            }
        }
        checkSkippingStaleLines(file, using: &generator)
    }

    private static func checkSkippingStaleLines(_ file: [UInt8], using generator: inout SplitMix64) {
        var reader = Settings(using: &generator).reader
        let milliseconds: [Int64] = [0, 1_795_500_000_000, 1_795_500_000_500, 253_402_300_799_999]
        let cutoff = RecordTimestamp(millisecondsSinceEpoch: milliseconds[generator.below(milliseconds.count)])
        reader.skipsLinesStampedBefore = cutoff
        let limit = max(1, reader.maxLineLength)
        let expected = model(file, maxLineLength: reader.maxLineLength)
        var stale = 0
        var start = 0
        while let newline = file[start...].firstIndex(of: 0x0A), newline - start <= limit,
            isStale(Array(file[start..<newline]), before: Array(cutoff.rfc3339.utf8))
        {
            stale += 1
            start = newline + 1
        }
        var events: [LogReader.Event] = []
        let outcome: LogReader.Outcome
        do {
            outcome = try reader.read(from: 0) { event in
                events.append(event)
                return true
            }
        } catch {
            fuzzFailure("cutoff \(cutoff): \(error)")
        }
        let wanted = Array(expected.events.dropFirst(stale))
        guard outcome.staleLines == stale, outcome.nextOffset == expected.nextOffset, events.count == wanted.count,
            zip(events, wanted).allSatisfy(same)
        else {
            fuzzFailure(
                "cutoff \(cutoff), limit \(limit): \(outcome.staleLines) stale lines, not \(stale); "
                    + "\(events.count) events, not \(wanted.count); stopped at \(outcome.nextOffset)")
        }
    }

    /// Whether `line` starts `{"v":1,"seq":`, 1 to 19 digits, `,"ts":"`, 24 bytes and `"`, and those
    /// 24 bytes sort before `cutoff`.
    private static func isStale(_ line: [UInt8], before cutoff: [UInt8]) -> Bool {
        let head = Array(#"{"v":1,"seq":"#.utf8)
        let key = Array(#","ts":""#.utf8)
        guard line.starts(with: head) else { return false }
        var rest = line.dropFirst(head.count)
        let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard (1...19).contains(digits.count) else { return false }
        rest = rest.dropFirst(digits.count)
        guard rest.starts(with: key) else { return false }
        rest = rest.dropFirst(key.count)
        guard rest.count >= 25, rest[rest.startIndex + 24] == UInt8(ascii: "\"") else { return false }
        return rest.prefix(24).lexicographicallyPrecedes(cutoff)
    }

    /// How one read of the file goes.
    struct Settings: CustomStringConvertible {
        enum Pace {
            /// One read from the start to the end.
            case whole
            /// Reads from the start that stop after every `count` events, each resuming where the last stopped.
            case stoppingEvery(Int)
            /// Reads that each end at `limit` bytes past where the last stopped (doubled while none gets
            /// a whole line).
            case upToLimit(Int)
        }

        var reader: LogReader
        var pace: Pace

        init(using generator: inout SplitMix64) {
            let chunkSize = [1, 2, 3, 5, 8, 13, 64, 199, 4096, 65_536][generator.below(10)]
            let maxLineLength = [1, 2, 3, 8, 40, 199, 200, 201, 1000, 8192][generator.below(10)]
            reader = LogReader(path: ReaderChecks.path, maxLineLength: maxLineLength, chunkSize: chunkSize)
            reader.decodesOnTwoThreads = generator.below(2) == 0
            reader.twoThreadSplit = LogReader.TwoThreadSplit(
                minimumRun: [1, 8, 64, 500][generator.below(4)], rangeSize: [1, 3, 16, 100][generator.below(4)],
                eventCapacity: [1, 2, 5, 8192][generator.below(4)])
            switch generator.below(3) {
            case 0: pace = .whole
            case 1: pace = .stoppingEvery(1 + generator.below(4))
            default: pace = .upToLimit([1, 7, 100][generator.below(3)])
            }
        }

        var description: String {
            "chunk \(reader.chunkSize), limit \(reader.maxLineLength), two threads \(reader.decodesOnTwoThreads) "
                + "(\(reader.twoThreadSplit)), \(pace)"
        }
    }

    /// Every event of the file read as `settings` say, and where the last read stopped.
    private static func read(_ settings: Settings, size: UInt64) -> ([LogReader.Event], UInt64) {
        var events: [LogReader.Event] = []
        var offset: UInt64 = 0
        func read(limit: UInt64?, stopAfter: Int?) -> LogReader.Outcome {
            var delivered = 0
            let outcome: LogReader.Outcome
            do {
                outcome = try settings.reader.read(from: offset, limit: limit) { event in
                    if case .rejected(let line) = event, let position = line.reason.position,
                        !(0..<line.length - 1).contains(position)
                    {
                        fuzzFailure("\(settings): position \(position) outside the line: \(line)")
                    }
                    events.append(event)
                    delivered += 1
                    return delivered != stopAfter
                }
            } catch {
                fuzzFailure("\(settings): \(error)")
            }
            guard outcome.nextOffset == offset + outcome.bytesConsumed,
                outcome.records + outcome.rejects == delivered
            else { fuzzFailure("\(settings): inconsistent outcome \(outcome) after \(delivered) events") }
            offset = outcome.nextOffset
            return outcome
        }
        switch settings.pace {
        case .whole:
            let outcome = read(limit: nil, stopAfter: nil)
            if outcome.trailingPartialBytes != Int(size - outcome.nextOffset) {
                fuzzFailure(
                    "\(settings): \(outcome.trailingPartialBytes) trailing bytes, not \(size - outcome.nextOffset)")
            }
        case .stoppingEvery(let count):
            while true {
                let before = events.count
                _ = read(limit: nil, stopAfter: count)
                if events.count - before < count { break }
            }
        case .upToLimit(let step):
            var step = UInt64(step)
            while offset < size {
                let outcome = read(limit: offset + step, stopAfter: nil)
                if outcome.bytesConsumed == 0 {
                    if offset + step >= size { break }
                    step *= 2
                }
            }
        }
        return (events, offset)
    }

    /// The events of the file by the line-by-line model, and where a reader stops.
    private static func model(_ file: [UInt8], maxLineLength limit: Int) -> (
        events: [LogReader.Event], nextOffset: UInt64
    ) {
        var events: [LogReader.Event] = []
        var start = 0
        while let newline = file[start...].firstIndex(of: 0x0A) {
            let line = Array(file[start..<newline])
            let offset = UInt64(start)
            let prefix = Array(line.prefix(RejectedLine.prefixLimit))
            if line.count > max(1, limit) {
                let reason = RejectReason.lineTooLong(length: line.count, limit: max(1, limit))
                events.append(
                    .rejected(
                        RejectedLine(path: path, offset: offset, length: line.count + 1, reason: reason, prefix: prefix)
                    ))
            } else {
                var decoder = LineDecoder(interning: false)
                let skipsBOM = start == 0 && line.starts(with: [0xEF, 0xBB, 0xBF])
                let result =
                    skipsBOM
                    ? line.withUnsafeBytes { decoder.decode($0, from: 3) } : SignalRecord.decode(line: line)
                switch result {
                case .success(let record): events.append(.record(record, offset: offset, length: line.count + 1))
                case .failure(let reason):
                    events.append(
                        .rejected(
                            RejectedLine(
                                path: path, offset: offset, length: line.count + 1, reason: reason, prefix: prefix)))
                }
            }
            start = newline + 1
        }
        return (events, UInt64(start))
    }

    private static func same(_ a: LogReader.Event, _ b: LogReader.Event) -> Bool {
        switch (a, b) {
        case (.record(let x, let xOffset, let xLength), .record(let y, let yOffset, let yLength)):
            LineChecks.sameRecord(x, y) && xOffset == yOffset && xLength == yLength
        case (.rejected(let x), .rejected(let y)): x == y
        default: false
        }
    }
}

/// A small, fast generator seeded from the input, so that each input always gets the same settings.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
