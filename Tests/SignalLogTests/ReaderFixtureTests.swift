import Foundation
import SignalLog
import Testing

/// Each file under `fixtures/reader/` (written by `scripts/generate-reader-fixtures.py`) with the
/// exact records, reject kinds and byte offsets the reader must report.
@Suite struct ReaderFixtureTests {
    private func read(_ name: String, maxLineLength: Int = 1 << 20) throws -> LogReaderTests.Pass {
        try LogReaderTests.readAll(LogReader(path: Fixtures.path("reader/" + name), maxLineLength: maxLineLength))
    }

    @Test func partialLastLineIsLeftForTheNextRun() throws {
        let pass = try read("partial-last-line.jsonl")
        #expect(pass.records.map(\.record.seq) == [1, 2])
        #expect(pass.records.map(\.offset) == [0, 188])
        #expect(pass.rejected.isEmpty)
        #expect(pass.outcome.nextOffset == 376)
        #expect(pass.outcome.trailingPartialBytes == 50)
    }

    @Test func crlfLinesAreRecordsWhoseLengthCountsTheCarriageReturn() throws {
        let pass = try read("crlf.jsonl")
        #expect(pass.records.map(\.record.seq) == [1, 2])
        #expect(pass.records.map(\.offset) == [0, 189])
        #expect(pass.records.map(\.length) == [189, 189])
        #expect(pass.rejected.isEmpty)
        #expect(pass.outcome.nextOffset == 378)
    }

    @Test func aBOMAtTheStartOfTheFileIsSkipped() throws {
        let pass = try read("bom.jsonl")
        #expect(pass.records.map(\.record.seq) == [1, 2])
        #expect(pass.records.map(\.offset) == [0, 191])
        #expect(pass.records.map(\.length) == [191, 188])
        #expect(pass.rejected.isEmpty)
    }

    @Test func invalidUTF8IsRejectedWithItsLineOffsetAndBytePosition() throws {
        let pass = try read("invalid-utf8.jsonl")
        #expect(pass.records.map(\.record.seq) == [1, 5, 6])
        #expect(pass.records[1].record.subject.title == "fine 東")
        #expect(pass.rejected.map(\.offset) == [188, 367, 550, 911])
        #expect(pass.rejected.map(\.reason.kind) == Array(repeating: .invalidUTF8, count: 4))
        #expect(pass.rejected.map(\.reason.position) == [174, 171, 171, 7])
        #expect(pass.rejected.allSatisfy { $0.path == Fixtures.path("reader/invalid-utf8.jsonl") })
        #expect(pass.outcome.rejects == 4)
    }

    @Test func anOverLongLineIsSkippedAndReportedOnce() throws {
        let pass = try read("over-long.jsonl", maxLineLength: 1024)
        #expect(pass.records.map(\.record.seq) == [1, 3])
        #expect(pass.records.map(\.offset) == [0, 3363])
        #expect(pass.rejected.count == 1)
        #expect(pass.rejected.first?.reason.kind == .lineTooLong)
        #expect(pass.rejected.first?.offset == 188)
        #expect(pass.rejected.first?.length == 3175)
        #expect(pass.rejected.first?.prefix.count == RejectedLine.prefixLimit)
        let whole = try read("over-long.jsonl")
        #expect(whole.records.map(\.record.seq) == [1, 2, 3])
    }

    @Test func eachMalformedShapeIsRejectedWithItsKindFieldAndOffset() throws {
        let pass = try read("malformed.jsonl")
        #expect(pass.records.map(\.record.seq) == [1, 12])
        #expect(pass.records.last?.record.subject.title == "été 🌞")
        let expected: [(UInt64, RejectReason.Kind, String?, Int?)] = [
            (188, .invalidJSON, nil, 0),  // not JSON at all
            (204, .invalidJSON, nil, 12),  // truncated object: its last byte
            (218, .invalidJSON, nil, nil),  // empty line: no byte to point at
            (219, .invalidJSON, nil, 0),  // blank line
            (224, .invalidJSON, nil, 0),  // an array
            (232, .invalidJSON, nil, 187),  // "seq" twice
            (428, .missingField, "seq", nil),
            (608, .invalidField, "seq", nil),  // a string
            (798, .unsupportedVersion, "v", nil),
            (986, .invalidJSON, nil, 171),  // lone surrogate
            (1173, .invalidJSON, nil, 187),  // a byte after the object
            (1362, .missingField, "parent", nil),  // item.created without parent
            (1529, .missingField, "changes", nil),  // item.updated with no change
            (1759, .invalidJSON, nil, 176),  // raw tab in a string
            (1944, .invalidField, "ts", nil),  // no milliseconds
        ]
        #expect(pass.rejected.count == expected.count)
        for (rejected, expected) in zip(pass.rejected, expected) {
            #expect(rejected.offset == expected.0)
            #expect(rejected.reason.kind == expected.1, "at \(expected.0): \(rejected.reason)")
            #expect(rejected.reason.field == expected.2, "at \(expected.0)")
            #expect(rejected.reason.position == expected.3, "at \(expected.0)")
        }
        #expect(pass.outcome.nextOffset == 2333)
    }
}
