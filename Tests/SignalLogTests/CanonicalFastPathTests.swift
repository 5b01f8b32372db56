import Foundation
import Testing

@testable import SignalLog

/// The decoder's fast path for canonical lines must agree with the general scan on every line.
@Suite struct CanonicalFastPathTests {
    private func generalScan(_ line: [UInt8]) -> Result<SignalRecord, RejectReason> {
        line.withUnsafeBufferPointer { buffer in
            var length = buffer.count
            if length > 0, buffer[length - 1] == UInt8(ascii: "\r") { length -= 1 }
            var scanner = RecordScanner(base: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: length)
            do throws(RejectReason) {
                return .success(try scanner.scanRecord())
            } catch {
                if error.kind == .invalidJSON, let base = buffer.baseAddress,
                    let bad = UTF8Validation.firstInvalidIndex(in: base, from: 0, to: buffer.count)
                {
                    return .failure(.invalidUTF8(position: bad))
                }
                return .failure(error)
            }
        }
    }

    /// `line` with a space after every `:` and `,` outside strings: the same record, not canonical.
    private func spaced(_ line: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in line {
            output.append(byte)
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",") {
                output.append(UInt8(ascii: " "))
            }
        }
        return output
    }

    @Test func nonCanonicalSpellingsDecodeToTheSameRecords() throws {
        var generator = SeededGenerator(seed: 99)
        for seq in 1...1000 {
            let record = RecordSamples.random(seq: Int64(seq), using: &generator)
            let line = spaced(Array(record.encodedLine().dropLast()))
            #expect(try SignalRecord.decode(line: line).get() == record)
        }
    }

    @Test func canonicalLinesTakeTheFastPath() {
        var generator = SeededGenerator(seed: 5)
        var caches = RecordCaches(enabled: true)
        for seq in 1...1000 {
            let record = RecordSamples.random(seq: Int64(seq), using: &generator)
            let line = Array(record.encodedLine().dropLast())
            let decoded = line.withUnsafeBufferPointer { buffer in
                var scanner = RecordScanner(base: buffer.baseAddress!, count: buffer.count)
                return scanner.scanCanonicalRecord(caches: &caches)
            }
            #expect(decoded == record)
        }
    }

    @Test func repeatedStringsFromTheCacheKeepEachEscapedSpellingExact() {
        let titles = [
            #"Tab\there, long enough to be cached"#, #"Tab\u0009here, long enough to be cached"#,
            #"Tab\\there, long enough to be cached"#, #"Tab\u00e9here, long enough to be cached"#,
            #"Tab\ud83d\ude00here, long enough to be cached"#, #"T\tx"#, #"T\u0009x"#, #"T\\tx"#, "Zoë", "Zoe",
            "", #"\""#,
        ]
        var caches = RecordCaches(enabled: true)
        for round in 0..<3 {
            for (index, title) in titles.enumerated() {
                let line = Array(
                    RecordSamples.exampleLine.replacingOccurrences(of: "See the cherry blossoms", with: title).utf8)
                let cached = line.withUnsafeBufferPointer { buffer in
                    var scanner = RecordScanner(base: buffer.baseAddress!, count: buffer.count)
                    return scanner.scanCanonicalRecord(caches: &caches)
                }
                let expected = try? generalScan(line).get()
                #expect(cached != nil && cached == expected, "title \(index) in round \(round)")
            }
        }
    }

    /// The fast path decodes without validating first and checks the decoded text instead: every
    /// ill-formed sequence, at any place in a title of any length, must still send the line to the
    /// general scan, which rejects it.
    @Test func illFormedUTF8InATitleIsNeverDecodedByTheFastPath() {
        let sequences: [[UInt8]] = [
            [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xC2], [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xE1, 0x80], [0xEF, 0xBF], [0xF0, 0x80, 0x80, 0x80],
            [0xF1, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFE], [0xFF],
            [0xEF, 0xBF, 0xBD, 0xFF],
        ]
        var caches = RecordCaches(enabled: true)
        let example = Array(RecordSamples.exampleLine.utf8)
        let title = Array("See the cherry blossoms".utf8)
        let titleStart = example.indices.first { example[$0...].starts(with: title) }!
        for (index, sequence) in sequences.enumerated() {
            for (prefix, suffix) in [("", ""), ("é", ""), ("", "x"), ("Zoë and", " friends in Kyoto"), ("ab", "日本")] {
                var line = Array(example[..<titleStart]) + Array(prefix.utf8) + sequence + Array(suffix.utf8)
                line += example[(titleStart + title.count)...]
                for round in 0..<2 {
                    let fast = line.withUnsafeBufferPointer { buffer in
                        var scanner = RecordScanner(base: buffer.baseAddress!, count: buffer.count)
                        return scanner.scanCanonicalRecord(caches: &caches)
                    }
                    #expect(fast == nil, "sequence \(index) after \"\(prefix)\", round \(round)")
                    guard case .failure(let reason) = SignalRecord.decode(line: line) else {
                        Issue.record("sequence \(index) after \"\(prefix)\" decoded")
                        continue
                    }
                    #expect(reason.kind == .invalidUTF8, "sequence \(index) after \"\(prefix)\", round \(round)")
                }
            }
        }
    }

    /// Change lists that share their first bytes (the cache's slot key) but not their last; each is
    /// seen three times running, so the cache keeps it and then answers from it.
    @Test func repeatedChangeListsFromTheCacheMatchTheirWholeObject() {
        let lists = [
            #""done":[false,true]"#, #""done":[false,true],"name":["a","b"]"#, #""done":[false,false]"#,
            #""done":[false,true ]"#, #""done":[false,true],"name":["a","c"]"#, #""position":[1,2]"#,
            #""position":[1,2],"done":[true,false]"#, #""d":[1,2]"#,
        ]
        var caches = RecordCaches(enabled: true)
        for round in 0..<2 {
            for (index, list) in lists.enumerated() {
                for repeat_ in 0..<3 {
                    let line = Array(
                        RecordSamples.exampleLine.replacingOccurrences(of: #""done":[false,true]"#, with: list).utf8)
                    let fast = line.withUnsafeBufferPointer { buffer in
                        var scanner = RecordScanner(base: buffer.baseAddress!, count: buffer.count)
                        return scanner.scanCanonicalRecord(caches: &caches)
                    }
                    let expected = try? generalScan(line).get()
                    // A space makes the line non-canonical: the fast path must decline it.
                    if list.contains(" ") {
                        #expect(fast == nil, "list \(index), round \(round), repeat \(repeat_)")
                    } else {
                        #expect(fast != nil && fast == expected, "list \(index), round \(round), repeat \(repeat_)")
                        // Missed twice running (or kept from the round before), the list is kept
                        // after the second line, so the third was answered from it.
                        if repeat_ > 0 {
                            #expect(
                                Self.keptChangeList(in: line, caches) == expected?.changes,
                                "list \(index), round \(round), repeat \(repeat_)")
                        }
                    }
                }
            }
        }
    }

    /// The list the cache holds for the `changes` object of `line`, if any.
    private static func keptChangeList(in line: [UInt8], _ caches: RecordCaches) -> [SignalRecord.FieldChange]? {
        let key = Array(#""changes":{"#.utf8)
        guard let keyStart = line.indices.first(where: { line[$0...].starts(with: key) }) else { return nil }
        let start = keyStart + key.count
        return line.withUnsafeBufferPointer { buffer in
            let bytes = buffer.baseAddress! + start
            guard let slot = caches.changeLists.slot(bytes, readable: buffer.count - start) else { return nil }
            return caches.changeLists.list(in: slot.index, matching: bytes, readable: buffer.count - start)?.0
        }
    }

    @Test func fastPathAndGeneralScanAgreeOnMutatedLines() {
        var generator = SeededGenerator(seed: 1234)
        let replacements: [UInt8] = Array(#""\,:}{[]0-9 ne.x"#.utf8) + [0x80, 0xFF, 0xC3, 0x0D, 0x00]
        for seq in 1...4000 {
            var line = Array(RecordSamples.random(seq: Int64(seq % 50 + 1), using: &generator).encodedLine().dropLast())
            if line.count > 4000 { continue }
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<line.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: line[position] = replacements.randomElement(using: &generator)!
                case 1: line.remove(at: position)
                default: line.insert(replacements.randomElement(using: &generator)!, at: position)
                }
                if line.isEmpty { break }
            }
            #expect(SignalRecord.decode(line: line) == generalScan(line), "\(String(decoding: line, as: UTF8.self))")
        }
    }
}

/// The decoder parses a timestamp's day only when it differs from the last one's.
@Suite struct TimestampDayCacheTests {
    @Test func everyTimestampParsesAsOnItsOwnWhetherItsDayWasTheLastOneOrNot() {
        // First, while nothing was parsed yet: ten NUL bytes are no day.
        let texts = [
            "\0\0\0\0\0\0\0\0\0\0T10:15:30.123Z", "2026-11-24T10:15:30.123Z", "2026-11-24T23:59:59.999Z",
            "2026-11-24T24:00:00.000Z",
            "2026-11-24T10:15:30.12xZ", "2026-11-24T10:15:30.123z", "2026-11-25T00:00:00.000Z",
            "2026-11-24T00:00:00.000Z", "2024-02-29T12:00:00.000Z", "2023-02-29T12:00:00.000Z",
            "2023-02-29T12:00:00.000Z", "2026-11-24x10:15:30.123Z", "1969-12-31T23:59:59.999Z",
            "1969-12-31T00:00:00.001Z", "0000-01-01T00:00:00.000Z",
        ]
        var caches = RecordCaches(enabled: true)
        for text in texts + texts.reversed() {
            let bytes = Array(text.utf8)
            let cached = bytes.withUnsafeBufferPointer { caches.timestamp(at: $0.baseAddress!) }
            let alone = bytes.withUnsafeBufferPointer { RecordTimestamp.parse(utf8: $0) }
            #expect(cached == alone, "\(text)")
            #expect(
                (alone != nil)
                    == !(text.contains("x") || text.contains("z") || text.contains("T24") || text.hasPrefix("\0")
                    || text.hasPrefix("2023-02-29")), "\(text)")
        }
    }

    @Test func aLineWhoseDayIsNULBytesIsRejectedAsTheFirstLineDecoded() {
        let example = RecordSamples.exampleLine
        let day = example.firstRange(of: #/\d{4}-\d\d-\d\d/#)!
        let line = example.replacingCharacters(in: day, with: String(repeating: "\0", count: 10))
        guard case .failure(let reason) = SignalRecord.decode(line: Array(line.utf8)) else {
            Issue.record("decoded")
            return
        }
        #expect(reason.kind == .invalidJSON)
    }
}
