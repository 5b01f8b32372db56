import Foundation
import SignalLog
import Testing

/// The general scan checks the values a record does not keep (unknown fields) and the `[old, new]`
/// pairs of `changes` without building them as `JSONValue`s first; it must decide on them exactly as
/// parsing them does.
@Suite struct UnkeptValueTests {
    static let samples = [
        #"{"a":[1,2.5e-3,"x\u00e9\ud83d\ude00",true,false,null,{}],"b":{"c":[[]]}}"#, #"[false,true]"#, #"[1,[2,3]]"#,
        #"[ "a" , "b" ]"#, #"[]"#, #"[1]"#, #"[1,2,3]"#, #"{"k":1,"k":2}"#, #""text""#, #"-0.5E+2"#,
    ]

    /// `sample` with one to three bytes replaced, removed or inserted.
    static func mutated(_ sample: String, using generator: inout SeededGenerator) -> String {
        var bytes = Array(sample.utf8)
        let replacements = Array(#"[]{}",:0-e.\ u"#.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[position] = replacements.randomElement(using: &generator)!
            case 1: bytes.remove(at: position)
            default: bytes.insert(replacements.randomElement(using: &generator)!, at: position)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The samples first, then mutations of them.
    static func value(_ round: Int, using generator: inout SeededGenerator) -> String {
        if round < samples.count { return samples[round] }
        return mutated(samples.randomElement(using: &generator)!, using: &generator)
    }

    @Test func anUnknownFieldIsAcceptedExactlyWhenItsValueParses() {
        var generator = SeededGenerator(seed: 0x5C1F)
        let example = RecordSamples.exampleLine
        for round in 0..<3000 {
            let value = Self.value(round, using: &generator)
            let line = String(example.dropLast()) + #","x":"# + value + "}"
            let parsed = Result { try JSONValue(parsing: value) }
            switch SignalRecord.decode(line: Array(line.utf8)) {
            case .success(let record):
                #expect(record == RecordSamples.example)
                #expect((try? parsed.get()) != nil, "accepted with \(value)")
            case .failure(let reason):
                #expect(reason.kind == .invalidJSON, "\(value): \(reason)")
                #expect((try? parsed.get()) == nil, "rejected with \(value): \(reason)")
            }
        }
    }

    @Test func aChangeIsAcceptedExactlyWhenItsValueParsesAsAPair() {
        var generator = SeededGenerator(seed: 0xA1B)
        let base = RecordSamples.exampleLine.replacingOccurrences(of: #""done":[false,true]"#, with: #""done":VALUE"#)
        for round in 0..<3000 {
            let value = Self.value(round, using: &generator)
            // A space after the first `{` sends the line to the general scan.
            let line = "{ " + base.dropFirst().replacingOccurrences(of: "VALUE", with: value)
            let parsed = try? JSONValue(parsing: value)
            switch SignalRecord.decode(line: Array(line.utf8)) {
            case .success(let record):
                guard case .array(let pair)? = parsed, pair.count == 2 else {
                    Issue.record("accepted \(value) as a change")
                    continue
                }
                #expect(record.changes == [SignalRecord.FieldChange(field: "done", old: pair[0], new: pair[1])])
            case .failure(let reason):
                if case .array(let pair)? = parsed, pair.count == 2 {
                    Issue.record("rejected the pair \(value): \(reason)")
                } else {
                    #expect(reason.kind == (parsed == nil ? .invalidJSON : .invalidField), "\(value): \(reason)")
                }
            }
        }
    }
}
