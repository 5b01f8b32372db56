import Foundation
import Testing

@testable import SignalLog

/// Arrays and objects nest at most `RecordScanner.maximumDepth` (128) deep, the record's own object
/// counting as the first, on the canonical fast path and on the general scan alike.
@Suite struct NestingLimitTests {
    static let limit = RecordScanner.maximumDepth

    static func decode(_ text: String) -> Result<SignalRecord, RejectReason> {
        SignalRecord.decode(line: Array(text.utf8))
    }

    /// `text` with a space after its first `{`: the same record, which only the general scan takes.
    static func spaced(_ text: String) -> String {
        "{ " + text.dropFirst()
    }

    /// `depth` arrays, one inside the other, around `0`.
    static func arrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + "0" + String(repeating: "]", count: depth)
    }

    /// The example line (canonical) with `arrays(depth)` as the old value of its change: the value's
    /// outermost array is the 4th level (record, `changes`, `[old, new]`).
    static func changeLine(depth: Int) -> String {
        RecordSamples.exampleLine.replacingOccurrences(
            of: #""done":[false,true]"#, with: #""done":["# + arrays(depth) + ",true]")
    }

    @Test(arguments: (limit - 6)...(limit + 2))
    func aDeepChangeValueIsDecidedAlikeWithAndWithoutASpace(depth: Int) {
        let line = Self.changeLine(depth: depth)
        let fast = Self.decode(line)
        let general = Self.decode(Self.spaced(line))
        switch (fast, general) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)):
            #expect(a.kind == b.kind)
            #expect(a.detail.contains("limit of \(Self.limit)"))
            #expect(b.detail.contains("limit of \(Self.limit)"))
        default: Issue.record("depth \(depth): \(fast) without a space, \(general) with one")
        }
        let fits = 3 + depth <= Self.limit
        #expect(((try? fast.get()) != nil) == fits, "depth \(depth)")
    }

    @Test func theLimitCountsTheRecordItselfWhereverTheValueIs() throws {
        let example = RecordSamples.exampleLine
        // In an unknown top-level field, the value's first array is the 2nd level.
        let topLevel = { (depth: Int) in String(example.dropLast()) + #","x":"# + Self.arrays(depth) + "}" }
        // In an unknown member of `actor`, and as `actor.id` of the wrong type: the 3rd level.
        let inActor = { (depth: Int) in
            example.replacingOccurrences(of: #""name":"alice""#, with: #""name":"alice","x":"# + Self.arrays(depth))
        }
        let actorID = { (depth: Int) in
            example.replacingOccurrences(of: #""actor":{"id":7"#, with: #""actor":{"id":"# + Self.arrays(depth))
        }
        for (line, first) in [(topLevel, 2), (inActor, 3)] {
            #expect(try Self.decode(line(Self.limit - first + 1)).get() == RecordSamples.example)
            let deeper = Self.decode(line(Self.limit - first + 2))
            #expect(deeper.failureKind == .invalidJSON)
            #expect(deeper.failureDetail?.contains("limit of \(Self.limit)") == true)
        }
        #expect(Self.decode(actorID(Self.limit - 2)).failureKind == .invalidField)
        #expect(Self.decode(actorID(Self.limit - 1)).failureKind == .invalidJSON)
    }

    @Test func aParsedValueCountsItselfAsTheFirstLevel() throws {
        #expect(try JSONValue(parsing: Self.arrays(Self.limit)) != .null)
        #expect(throws: RejectReason.self) { try JSONValue(parsing: Self.arrays(Self.limit + 1)) }
    }

    /// Random records, as written and with their bytes changed (nesting added around values among the
    /// changes): each line and the same line with a space after its `{` are accepted alike, as the
    /// same record, or rejected with the same kind and field.
    @Test func theFastPathAndTheGeneralScanAcceptTheSameRecords() {
        var generator = SeededGenerator(seed: 0xDEE9)
        var accepted = 0
        for seq in 1...3000 {
            var line = Array(RecordSamples.random(seq: Int64(seq % 50 + 1), using: &generator).encodedLine().dropLast())
            if seq % 3 != 0, let changes = line.firstRange(of: Array(#""changes":{"#.utf8)) {
                let depth = Int.random(in: (Self.limit - 8)...(Self.limit + 1), using: &generator)
                let value = Array(#""deep":["#.utf8) + Array(Self.arrays(depth).utf8) + Array(",1],".utf8)
                line.insert(contentsOf: value, at: changes.upperBound)
            }
            if seq % 2 == 0 {
                let position = Int.random(in: 1..<line.count, using: &generator)
                line[position] = Array(#"[]{}",:0 "#.utf8).randomElement(using: &generator)!
            }
            var spaced = line
            spaced.insert(UInt8(ascii: " "), at: 1)
            switch (SignalRecord.decode(line: line), SignalRecord.decode(line: spaced)) {
            case (.success(let a), .success(let b)):
                accepted += 1
                #expect(a == b && a.encodedLine() == b.encodedLine())
            case (.failure(let a), .failure(let b)):
                #expect(a.kind == b.kind && a.field == b.field, "\(a) against \(b)")
            case (let a, let b):
                Issue.record("\(a) without a space, \(b) with one: \(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(accepted > 1000)
    }
}

extension Result<SignalRecord, RejectReason> {
    fileprivate var failureKind: RejectReason.Kind? {
        if case .failure(let reason) = self { reason.kind } else { nil }
    }

    fileprivate var failureDetail: String? {
        if case .failure(let reason) = self { reason.detail } else { nil }
    }
}
