import Foundation
import SignalLog
import Testing

@Suite struct LogReaderTests {
    /// Everything one read delivers, in order.
    struct Pass {
        var records: [(record: SignalRecord, offset: UInt64, length: Int)] = []
        var rejected: [RejectedLine] = []
        var outcome: LogReader.Outcome
    }

    static func readAll(_ reader: LogReader, from offset: UInt64 = 0, limit: UInt64? = nil) throws -> Pass {
        var records: [(SignalRecord, UInt64, Int)] = []
        var rejected: [RejectedLine] = []
        let outcome = try reader.read(from: offset, limit: limit) { event in
            switch event {
            case .record(let record, let offset, let length): records.append((record, offset, length))
            case .rejected(let line): rejected.append(line)
            }
            return true
        }
        return Pass(records: records, rejected: rejected, outcome: outcome)
    }

    private func lines(_ seqs: ClosedRange<Int64>) -> [UInt8] {
        seqs.flatMap { RecordSamples.simple(seq: $0).encodedLine() }
    }

    @Test func readsEveryCompleteLineWithItsOffsetAndLength() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bytes = lines(1...50)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path("a.log")))
        let pass = try Self.readAll(LogReader(path: directory.path("a.log"), chunkSize: 100))
        #expect(pass.records.map(\.record.seq) == Array(1...50))
        #expect(pass.rejected.isEmpty)
        var offset: UInt64 = 0
        for entry in pass.records {
            #expect(entry.offset == offset)
            #expect(entry.record.encodedLine().count == entry.length)
            offset += UInt64(entry.length)
        }
        #expect(
            pass.outcome
                == .init(
                    nextOffset: UInt64(bytes.count), bytesConsumed: UInt64(bytes.count), records: 50, rejects: 0,
                    trailingPartialBytes: 0))
    }

    @Test func leavesAPartialLastLineForTheNextRun() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let complete = lines(1...3)
        let partial = Array(RecordSamples.simple(seq: 4).encodedLine().prefix(40))
        try Data(complete + partial).write(to: URL(fileURLWithPath: directory.path("a.log")))
        let pass = try Self.readAll(LogReader(path: directory.path("a.log")))
        #expect(pass.records.count == 3)
        #expect(pass.outcome.nextOffset == UInt64(complete.count))
        #expect(pass.outcome.trailingPartialBytes == 40)
    }

    @Test func stopsAfterTheLineForWhichTheBodyReturnsFalse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bytes = lines(1...10)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path("a.log")))
        var seen: [Int64] = []
        let outcome = try LogReader(path: directory.path("a.log")).read(from: 0) { event in
            guard case .record(let record, _, _) = event else { return true }
            seen.append(record.seq)
            return record.seq < 4
        }
        #expect(seen == [1, 2, 3, 4])
        #expect(outcome.nextOffset == UInt64(lines(1...4).count))
        #expect(outcome.records == 4)
    }

    @Test func neverReadsPastTheLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data(lines(1...10)).write(to: URL(fileURLWithPath: directory.path("a.log")))
        let limit = UInt64(lines(1...5).count + 10)
        let pass = try Self.readAll(LogReader(path: directory.path("a.log"), chunkSize: 64), limit: limit)
        #expect(pass.records.map(\.record.seq) == Array(1...5))
        #expect(pass.outcome.nextOffset == UInt64(lines(1...5).count))
        #expect(pass.outcome.trailingPartialBytes == 10)
    }

    @Test func resumingAtEverySplitPointYieldsTheSameRecordsAsOnePass() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var bytes = [0xEF, 0xBB, 0xBF] + lines(1...3)
        bytes += Array("{\"v\":1}\r\n\n".utf8) + lines(4...5)
        bytes.insert(0x0D, at: bytes.count - 1)
        let path = directory.path("a.log")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = LogReader(path: path, maxLineLength: 200, chunkSize: 16)
        let whole = try Self.readAll(reader)
        #expect(whole.records.map(\.record.seq) == [1, 2, 3, 4, 5])
        #expect(whole.rejected.map(\.offset) == [UInt64(3 + lines(1...3).count), UInt64(3 + lines(1...3).count + 9)])
        for split in 0...bytes.count {
            try Data(bytes[..<split]).write(to: URL(fileURLWithPath: path))
            let first = try Self.readAll(reader)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let second = try Self.readAll(reader, from: first.outcome.nextOffset)
            let records = first.records + second.records
            #expect(records.map(\.record) == whole.records.map(\.record), "split at \(split)")
            #expect(records.map(\.offset) == whole.records.map(\.offset), "split at \(split)")
            #expect((first.rejected + second.rejected) == whole.rejected, "split at \(split)")
            #expect(second.outcome.nextOffset == UInt64(bytes.count))
        }
    }

    @Test func skipsAnOverLongLineToItsEndAndReportsItOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let long = RecordSamples.simple(seq: 2, title: String(repeating: "x", count: 5000)).encodedLine()
        let bytes = lines(1...1) + long + lines(3...3)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path("a.log")))
        let pass = try Self.readAll(LogReader(path: directory.path("a.log"), maxLineLength: 1000, chunkSize: 256))
        #expect(pass.records.map(\.record.seq) == [1, 3])
        let rejected = try #require(pass.rejected.first)
        #expect(pass.rejected.count == 1)
        #expect(rejected.reason.kind == .lineTooLong)
        #expect(rejected.offset == UInt64(lines(1...1).count))
        #expect(rejected.length == long.count)
        #expect(rejected.prefix == Array(long.prefix(200)))
    }

    @Test func anOverLongLinesPrefixIsItsFirstBytesWhateverTheChunkSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data("xxx\n".utf8).write(to: URL(fileURLWithPath: directory.path("a.log")))
        let pass = try Self.readAll(LogReader(path: directory.path("a.log"), maxLineLength: 1, chunkSize: 1))
        #expect(pass.rejected.map(\.prefix) == [Array("xxx".utf8)])
    }

    /// Lines of every length around the prefix's 200 bytes, with `\r\n` or `\n`, read with line limits
    /// below and above it and chunk sizes that end chunks anywhere: the same rejects (offset, length,
    /// reason, prefix) every time, each prefix the line's first bytes.
    @Test func rejectsAreReportedAlikeWhateverTheChunkSizeAndLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var bytes: [UInt8] = []
        var lines: [UInt64: [UInt8]] = [:]
        for length in [2, 3, 9, 10, 150, 199, 200, 201, 202, 450] {
            let line = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) } + (length % 3 == 0 ? [0x0D] : [])
            lines[UInt64(bytes.count)] = line
            bytes += line + [0x0A]
        }
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path("a.log")))
        for limit in [1, 2, 8, 100, 199, 200, 201] {
            var first: [RejectedLine]?
            for chunkSize in [1, 2, 3, 7, 64, 199, 200, 256, 4096] {
                let reader = LogReader(path: directory.path("a.log"), maxLineLength: limit, chunkSize: chunkSize)
                let pass = try Self.readAll(reader)
                #expect(pass.rejected.count == lines.count, "limit \(limit), chunk \(chunkSize)")
                for rejected in pass.rejected {
                    let line = try #require(lines[rejected.offset])
                    #expect(rejected.length == line.count + 1)
                    #expect(rejected.reason.kind == (line.count > limit ? .lineTooLong : .invalidJSON))
                    #expect(rejected.prefix == Array(line.prefix(RejectedLine.prefixLimit)), "chunk \(chunkSize)")
                }
                if let first {
                    #expect(pass.rejected == first, "limit \(limit), chunk \(chunkSize)")
                } else {
                    first = pass.rejected
                }
            }
        }
    }

    @Test func leavesAnUnfinishedOverLongLineUnconsumed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bytes = lines(1...1) + Array(repeating: UInt8(ascii: "x"), count: 3000)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.path("a.log")))
        let pass = try Self.readAll(LogReader(path: directory.path("a.log"), maxLineLength: 1000, chunkSize: 256))
        #expect(pass.records.count == 1)
        #expect(pass.rejected.isEmpty)
        #expect(pass.outcome.nextOffset == UInt64(lines(1...1).count))
        #expect(pass.outcome.trailingPartialBytes == 3000)
    }

    @Test func positionsInARejectedFirstLineCountTheBOM() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data([0xEF, 0xBB, 0xBF] + Array("{\"v\":1,}\n \n".utf8)).write(
            to: URL(fileURLWithPath: directory.path("a.log")))
        let pass = try Self.readAll(LogReader(path: directory.path("a.log")))
        #expect(pass.rejected.map(\.reason.kind) == [.invalidJSON, .invalidJSON])
        #expect(pass.rejected.map(\.reason.position) == [10, 0])
        #expect(pass.rejected.map(\.offset) == [0, 12])
        #expect(pass.rejected.first?.reason.detail.contains("byte 10") == true)
    }

    @Test func throwsAReadErrorNamingAMissingFile() throws {
        #expect {
            _ = try LogReader(path: "/nonexistent/activity.log").read(from: 0) { _ in true }
        } throws: { error in
            let error = error as? LogReadError
            return error?.isFileMissing == true && error?.description.contains("/nonexistent/activity.log") == true
        }
    }

    @Test func readsNothingFromAnOffsetPastTheEnd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data(lines(1...2)).write(to: URL(fileURLWithPath: directory.path("a.log")))
        for offset in [100_000, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max] {
            let pass = try Self.readAll(LogReader(path: directory.path("a.log")), from: offset)
            #expect(pass.records.isEmpty)
            #expect(pass.outcome.nextOffset == offset)
            #expect(pass.outcome.bytesConsumed == 0)
        }
    }
}

@Suite struct LogReaderLineBytesTests {
    /// The bytes each record's line holds in the file, without its `\n`, a `\r` before it, or a BOM at offset 0.
    private func expectedLine(_ file: [UInt8], offset: UInt64, length: Int) -> [UInt8] {
        var lower = Int(offset)
        var upper = lower + length - 1
        if file[upper - 1] == UInt8(ascii: "\r") { upper -= 1 }
        if lower == 0, file.starts(with: [0xEF, 0xBB, 0xBF]) { lower += 3 }
        return Array(file[lower..<upper])
    }

    /// 3000 lines (over 64 KiB, so two threads decode them on a machine with two cores) behind a BOM,
    /// some ending in `\r\n`, one rejected: every record's handed bytes are its line's, and a reject gets none.
    @Test func handsOverEachRecordsLineAsTheFileHoldsIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var file: [UInt8] = [0xEF, 0xBB, 0xBF]
        for seq in Int64(1)...3000 {
            var line = RecordSamples.simple(seq: seq).encodedLine()
            if seq % 7 == 0 { line.insert(UInt8(ascii: "\r"), at: line.count - 1) }
            file += line
            if seq == 1500 { file += Array("not json\n".utf8) }
        }
        let path = directory.path("a.log")
        try Data(file).write(to: URL(fileURLWithPath: path))
        var seen = 0
        var mismatches: [UInt64] = []
        var rejectBytes: [Int] = []
        let outcome = try LogReader(path: path).read(from: 0) { event, line in
            switch event {
            case .record(_, let offset, let length):
                seen += 1
                if Array(line) != expectedLine(file, offset: offset, length: length) { mismatches.append(offset) }
            case .rejected:
                rejectBytes.append(line.count)
            }
            return true
        }
        #expect(seen == 3000)
        #expect(outcome.records == 3000)
        #expect(mismatches.isEmpty)
        #expect(rejectBytes == [0])
    }
}
