import Foundation
import SignalLog
import Testing

@Suite struct RecordDecodingTests {
    private func decode(_ text: String) -> Result<SignalRecord, RejectReason> {
        SignalRecord.decode(line: Array(text.utf8))
    }

    private func reason(_ text: String) -> RejectReason? {
        if case .failure(let reason) = decode(text) { return reason }
        return nil
    }

    /// The example line with `old` replaced by `new` (which must occur).
    private func example(replacing old: String, with new: String) -> String {
        precondition(RecordSamples.exampleLine.contains(old))
        return RecordSamples.exampleLine.replacingOccurrences(of: old, with: new)
    }

    private func title(of text: String) throws -> String {
        try decode(text).get().subject.title
    }

    @Test func decodesTheFormatsExample() throws {
        #expect(try decode(RecordSamples.exampleLine).get() == RecordSamples.example)
    }

    /// Keys are the same only when their scalars are: a precomposed "é" and "e" with a combining
    /// accent are two keys, on the canonical fast path, on the general scan and in nested objects.
    @Test func keysCompareByTheirScalarsNotByCanonicalEquivalence() throws {
        let precomposed = "\u{E9}"
        let decomposed = "e\u{301}"
        let canonical = example(
            replacing: #""done":[false,true]"#, with: #""\#(precomposed)":[1,2],"\#(decomposed)":[3,4]"#)
        let general = canonical.replacingOccurrences(of: #""changes":{"#, with: #""changes": {"#)
        for line in [canonical, general] {
            let fields = try decode(line).get().changes.map(\.field)
            #expect(fields.map { Array($0.utf8) } == [Array(precomposed.utf8), Array(decomposed.utf8)])
        }
        let nested = example(
            replacing: #""done":[false,true]"#,
            with: #""meta":[{"\#(precomposed)":1,"\#(decomposed)":2},null]"#)
        let record = try decode(nested).get()
        #expect(throws: Never.self) { try record.validate() }
        #expect(
            reason(example(replacing: #""done":[false,true]"#, with: #""a":[1,2],"\u0061":[3,4]"#))?.kind
                == .invalidJSON)
    }

    @Test func decodesEveryEscapeAndSurrogatePairs() throws {
        let line = example(
            replacing: "See the cherry blossoms", with: #"\"\\\/\b\f\n\r\t\u0041\u00e9\u6771\uD83D\uDE00\u0000x"#)
        #expect(try title(of: line) == "\"\\/\u{8}\u{C}\n\r\tAé東😀\u{0}x")
    }

    @Test func keepsRawUnicodeAndHTMLSpecialCharacters() throws {
        let text = "<b>Tokyo & \\\"Kyoto\\\"</b> 東京 🗼 Zoë"
        #expect(
            try title(of: example(replacing: "See the cherry blossoms", with: text))
                == "<b>Tokyo & \"Kyoto\"</b> 東京 🗼 Zoë")
    }

    @Test(arguments: [
        (#"\uD83D"#, 0), (#"\uDE00"#, 0), (#"\uD83Dx"#, 0), (#"\uD83D\u0041"#, 0), (#"ab\x"#, 2),
        (#"\u12"#, 0), (#"\u12G4"#, 0), ("tab\there", 3), (#"\uD83D\uD83D"#, 0),
    ])
    func rejectsBadEscapesLoneSurrogatesAndRawControlsAsInvalidJSONAtTheirByte(title: String, offsetInTitle: Int) {
        let line = example(replacing: "See the cherry blossoms", with: title)
        let titleStart = Array(RecordSamples.exampleLine.utf8).firstRange(of: Array("See the".utf8))!.lowerBound
        let reason = reason(line)
        #expect(reason?.kind == .invalidJSON)
        #expect(reason?.position == titleStart + offsetInTitle)
    }

    @Test func toleratesWhitespaceBetweenTokensAndACarriageReturnAtTheEnd() throws {
        let spaced = " { \"v\" : 1 ,\t\"seq\":1042 , " + RecordSamples.exampleLine.dropFirst(18) + " \r"
        #expect(try decode(String(spaced)).get() == RecordSamples.example)
    }

    @Test func ignoresUnknownFieldsOfAnyShape() throws {
        let line = example(
            replacing: #""source":"app-1","#,
            with: #""source":"app-1","extra":{"a":[1,2.5e3,-0.1,{"b":null}],"c":"\u00e9"},"more":true,"#)
        let actor = example(replacing: #""name":"alice""#, with: #""name":"alice","avatar":[]"#)
        #expect(try decode(line).get() == RecordSamples.example)
        #expect(try decode(actor).get() == RecordSamples.example)
    }

    @Test func treatsNullOptionalFieldsAsAbsent() throws {
        let line = example(
            replacing: #","request_id":"5c1f0a2e-93b4-4d07-9a51-0f6f2f4b7a10""#, with: #","request_id":null"#)
        #expect(try decode(line).get().requestID == nil)
    }

    @Test(arguments: [
        #"{"v":1,"v":1}"#, #"{"a":1,"a":2}"#, #"{"v":1,"actor":{"id":1,"id":2}}"#, #"{"x":{"k":1,"k":1}}"#,
        #"{"v":1,"\u0076":1}"#,
    ])
    func rejectsDuplicateKeysAsInvalidJSON(line: String) {
        #expect(reason(line)?.kind == .invalidJSON)
    }

    @Test(arguments: [
        ("   ", 0), ("\t \r", 0), ("[]", 0), ("{", 0), (#"{"v":1"#, 5), (#"{"v":1}x"#, 7), (#"{"v":01}"#, 6),
        (#"{"v":1.}"#, 7), (#"{"v":.5}"#, 5), (#"{"v":-}"#, 6), (#"{"v":1e}"#, 7), (#"{"v":+1}"#, 5),
        (#"{"v":tru}"#, 5), (#"{v:1}"#, 1), (#"{"v" 1}"#, 5), (#"{"v":1,}"#, 7), (#"{"v":[1,]}"#, 8),
        (#"{"v":"abc}"#, 9), ("{\"v\":1}\u{0}", 7), (#"{"\"#, 2), (#"{"v":"\"#, 6), ("{\"v\":1\r", 5),
    ])
    func rejectsMalformedJSONWithThePositionOfTheProblem(line: String, position: Int) {
        let reason = reason(line)
        #expect(reason?.kind == .invalidJSON)
        #expect(reason?.position == position)
    }

    @Test func anEmptyLineIsInvalidJSONWithoutAPosition() {
        #expect(reason("")?.kind == .invalidJSON)
        #expect(reason("")?.position == nil)
        #expect(reason("")?.detail == "invalid JSON: empty line")
    }

    /// Where a line ends too early, the position is its last byte: every position lies within the line.
    @Test func everyTruncationOfALineIsRejectedAtAPositionWithinIt() {
        let example = Array(RecordSamples.exampleLine.utf8)
        let spacedExample = Array(RecordSamples.exampleLine.replacingOccurrences(of: ",", with: " , ").utf8)
        let escaped = Array(
            RecordSamples.exampleLine.replacingOccurrences(of: "cherry", with: #"\u0063herry \"\\ \ud83c\udf38"#).utf8)
        for line in [example, spacedExample, escaped] {
            for length in 1..<line.count {
                let prefix = Array(line[..<length])
                guard case .failure(let reason) = SignalRecord.decode(line: prefix) else {
                    Issue.record("a prefix of \(length) bytes decoded")
                    continue
                }
                #expect(reason.kind == .invalidJSON, "prefix of \(length) bytes")
                #expect(reason.position.map { (0..<length).contains($0) } == true, "prefix of \(length): \(reason)")
            }
        }
    }

    @Test func aLineEndingInsideAnEscapeIsRejectedAtItsLastByte() {
        let line: [UInt8] = [0x7B, 0x22, 0x5C]
        #expect(SignalRecord.decode(line: line) == .failure(.invalidJSON(position: 2, "line ends inside a string")))
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let line = #"{"x":"# + String(repeating: "[", count: 100_000) + "}"
        #expect(reason(line)?.kind == .invalidJSON)
    }

    @Test func rejectsInvalidUTF8InAndOutsideStringsWithItsPosition() {
        var inString = Array(RecordSamples.exampleLine.utf8)
        let titleStart = inString.firstRange(of: Array("See".utf8))!.lowerBound
        inString[titleStart + 1] = 0xC0
        #expect(SignalRecord.decode(line: inString) == .failure(.invalidUTF8(position: titleStart + 1)))
        let outside: [UInt8] = Array(#"{"v":1,"#.utf8) + [0xFF] + Array("}".utf8)
        #expect(SignalRecord.decode(line: outside) == .failure(.invalidUTF8(position: 7)))
        let surrogate: [UInt8] = Array(#"{"x":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)
        #expect(SignalRecord.decode(line: surrogate) == .failure(.invalidUTF8(position: 6)))
    }

    @Test func reportsAnUnknownVersionBeforeAnythingElse() {
        #expect(reason(#"{"v":2}"#) == .unsupportedVersion(2))
        #expect(reason(example(replacing: #""v":1"#, with: #""v":2"#)) == .unsupportedVersion(2))
        #expect(reason(#"{"v":2,"seq":"x"}"#) == .unsupportedVersion(2))
        #expect(reason(#"{"seq":1}"#) == .missingField("v"))
        #expect(reason(#"{"v":"1"}"#)?.kind == .invalidField)
    }

    /// A `v` of the wrong type is named as such, even after another field of the wrong type.
    @Test(arguments: [#"{"seq":"x","v":"1"}"#, #"{"v":"1","seq":"x"}"#, #"{"ts":1,"seq":[],"v":null}"#])
    func aVersionOfTheWrongTypeIsInvalidNotMissing(line: String) {
        let reason = reason(line)
        #expect(reason?.kind == .invalidField)
        #expect(reason?.field == "v")
        #expect(reason?.detail.contains("expected an integer") == true)
    }

    @Test(arguments: [
        (#""seq":1042,"#, "", "seq"), (#""ts":"2026-11-24T10:15:30.123Z","#, "", "ts"),
        (#""source":"app-1","#, "", "source"),
        (#""signal":"item.updated","#, "", "signal"), (#""actor":{"id":7,"name":"alice"},"#, "", "actor"),
        (#""actor":{"id":7,"name":"alice"}"#, #""actor":{"name":"alice"}"#, "actor.id"),
        (#""actor":{"id":7,"name":"alice"}"#, #""actor":{"id":7}"#, "actor.name"),
        (#","parent":{"type":"bucketlist","id":12,"title":"Visit Japan"}"#, "", "parent"),
        (#"{"type":"item","id":311,"title":"See the cherry blossoms"}"#, #"{"type":"item","id":311}"#, "subject.title"),
        (#","changes":{"done":[false,true]}"#, "", "changes"),
        (#""changes":{"done":[false,true]}"#, #""changes":{}"#, "changes"),
    ])
    func rejectsAMissingRequiredFieldNamingIt(old: String, new: String, field: String) {
        let reason = reason(example(replacing: old, with: new))
        #expect(reason?.kind == .missingField)
        #expect(reason?.field == field)
    }

    @Test(arguments: [
        (#""seq":1042"#, #""seq":"1042""#, "seq"), (#""seq":1042"#, #""seq":1042.0"#, "seq"),
        (#""seq":1042"#, #""seq":0"#, "seq"), (#""seq":1042"#, #""seq":9007199254740992"#, "seq"),
        (#""seq":1042"#, #""seq":99999999999999999999"#, "seq"),
        (#""ts":"2026-11-24T10:15:30.123Z""#, #""ts":"2026-11-24T10:15:30Z""#, "ts"),
        (#""source":"app-1""#, #""source":"app 1""#, "source"), (#""signal":"item.updated""#, #""signal":7"#, "signal"),
        (#""actor":{"id":7,"#, #""actor":{"id":true,"#, "actor.id"),
        (#""actor":{"id":7,"name":"alice"}"#, #""actor":[]"#, "actor"),
        (#""id":311"#, #""id":"311""#, "subject.id"), (#""title":"Visit Japan""#, #""title":null"#, "parent.title"),
        (#""done":[false,true]"#, #""done":[false]"#, "changes"), (#""done":[false,true]"#, #""done":true"#, "changes"),
        (#""request_id":"5c1f"#, #""request_id":5,"x":"5c1f"#, "request_id"),
    ])
    func rejectsAFieldOfTheWrongTypeOrValueNamingIt(old: String, new: String, field: String) {
        let reason = reason(example(replacing: old, with: new))
        #expect(reason?.kind == .invalidField)
        #expect(reason?.field == field)
    }

    @Test func decodesChangeValuesOfEveryJSONType() throws {
        let line = example(
            replacing: #""changes":{"done":[false,true]}"#,
            with:
                #""changes":{"done":[false,true],"name":["a\u00e9",null],"n":[-0,1.5e2],"big":[18446744073709551616,-9223372036854775808],"o":[{"k":[1]},[]]}"#
        )
        let changes = try decode(line).get().changes
        #expect(changes.map(\.field) == ["done", "name", "n", "big", "o"])
        #expect(changes[1].old == .string("aé") && changes[1].new == .null)
        #expect(changes[2].old == .integer(0) && changes[2].new == .number(150))
        #expect(changes[3].old == .number(18_446_744_073_709_551_616) && changes[3].new == .integer(.min))
        #expect(changes[4].old == .object([("k", .array([.integer(1)]))]) && changes[4].new == .array([]))
    }

    @Test func roundTripsThousandsOfRandomRecords() throws {
        var generator = SeededGenerator(seed: 20_261_124)
        for seq in 1...3000 {
            let record = RecordSamples.random(seq: Int64(seq), using: &generator)
            try record.validate()
            let line = record.encodedLine()
            let decoded = try SignalRecord.decode(line: Array(line.dropLast())).get()
            #expect(decoded == record)
            #expect(decoded.encodedLine() == line)
        }
    }
}
