import Foundation
import SignalLog
import Testing

@Suite struct RecordEncodingTests {
    @Test func encodesTheFormatsExampleByteForByte() {
        #expect(RecordSamples.example.encodedLine() == Array((RecordSamples.exampleLine + "\n").utf8))
    }

    @Test func omitsAbsentOptionalFields() {
        let line = String(decoding: RecordSamples.simple(seq: 5).encodedLine(), as: UTF8.self)
        #expect(
            line
                == #"{"v":1,"seq":5,"ts":"2026-11-24T06:00:00.005Z","source":"app-1","signal":"bucketlist.created","actor":{"id":3,"name":"bob"},"subject":{"type":"bucketlist","id":5,"title":"Learn to sail"}}"#
                + "\n")
    }

    @Test func escapesQuotesBackslashesAndEveryControlCharacterAsUnicodeEscapes() {
        let title = "a\"b\\c\n\t\u{0}\u{1F}\u{7F}\u{85}\u{9F}\u{A0}/<&>é😀\u{2028}"
        let line = String(decoding: RecordSamples.simple(seq: 1, title: title).encodedLine(), as: UTF8.self)
        #expect(
            line.contains(#""title":"a\"b\\c\u000a\u0009\u0000\u001f\u007f\u0085\u009f"# + "\u{A0}/<&>é😀\u{2028}\"}}\n")
        )
    }

    @Test func writesNegativeAndExtremeIntegersAndNonIntegralNumbers() {
        var record = RecordSamples.simple(seq: SignalRecord.maximumSeq)
        record.actor.id = .min
        record.subject.id = .max
        record.signal = "bucketlist.updated"
        record.changes = [.init(field: "score", old: .number(0.5), new: .number(-1e-7))]
        let line = String(decoding: record.encodedLine(), as: UTF8.self)
        #expect(line.contains(#""seq":9007199254740991,"#))
        #expect(line.contains(#""actor":{"id":-9223372036854775808,"#))
        #expect(line.contains(#""id":9223372036854775807,"#))
        #expect(line.contains(#""changes":{"score":[0.5,-1e-07]}"#))
    }

    @Test func everyLineIsOneLineEndingInNewline() {
        var generator = SeededGenerator(seed: 7)
        for seq in 1...300 {
            let line = RecordSamples.random(seq: Int64(seq), using: &generator).encodedLine()
            #expect(line.last == 0x0A)
            #expect(line.firstIndex(of: 0x0A) == line.count - 1)
            #expect(!line.dropLast().contains { $0 < 0x20 })
        }
    }
}
