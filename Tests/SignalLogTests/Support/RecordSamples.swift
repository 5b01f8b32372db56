import Foundation
import SignalLog

/// Records for tests: the format's example, and randomised records that reach every escape.
enum RecordSamples {
    /// The example record of the format's documentation.
    static let example = SignalRecord(
        seq: 1042, timestamp: RecordTimestamp(rfc3339: "2026-11-24T10:15:30.123Z")!, source: "app-1",
        signal: "item.updated", actor: .init(id: 7, name: "alice"),
        subject: .init(type: "item", id: 311, title: "See the cherry blossoms"),
        parent: .init(type: "bucketlist", id: 12, title: "Visit Japan"),
        changes: [.init(field: "done", old: .bool(false), new: .bool(true))],
        requestID: "5c1f0a2e-93b4-4d07-9a51-0f6f2f4b7a10")

    /// The example record's line, exactly as the format's documentation shows it.
    static let exampleLine =
        #"{"v":1,"seq":1042,"ts":"2026-11-24T10:15:30.123Z","source":"app-1","signal":"item.updated","actor":{"id":7,"name":"alice"},"subject":{"type":"item","id":311,"title":"See the cherry blossoms"},"parent":{"type":"bucketlist","id":12,"title":"Visit Japan"},"changes":{"done":[false,true]},"request_id":"5c1f0a2e-93b4-4d07-9a51-0f6f2f4b7a10"}"#

    /// A valid record with `seq` and a title that says which it is.
    static func simple(seq: Int64, title: String = "Learn to sail") -> SignalRecord {
        SignalRecord(
            seq: seq, timestamp: RecordTimestamp(millisecondsSinceEpoch: 1_795_500_000_000 + seq), source: "app-1",
            signal: "bucketlist.created", actor: .init(id: 3, name: "bob"),
            subject: .init(type: "bucketlist", id: seq, title: title))
    }

    /// Scalars that need care: every escape, controls, quotes, non-ASCII of every UTF-8 length.
    static let interestingScalars: [Unicode.Scalar] = {
        var scalars = (0x00...0x20).map { Unicode.Scalar(UInt8($0)) }
        scalars += ["\"", "\\", "/", "<", ">", "&", "'", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "é"]
        scalars += ["\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "東", "京", "\u{D7FF}", "\u{E000}"]
        scalars += ["\u{10000}", "😀", "\u{1F1EF}", "\u{10FFFF}"]
        return scalars
    }()

    static func randomString(using generator: inout SeededGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        switch Int.random(in: 0..<400, using: &generator) {
        case 0..<20: return ""
        case 20:
            for _ in 0..<Int.random(in: 20_000...70_000, using: &generator) {
                scalars.append(interestingScalars.randomElement(using: &generator)!)
            }
        default:
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                if Bool.random(using: &generator) {
                    scalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator)))
                } else if Int.random(in: 0..<4, using: &generator) == 0 {
                    let value = UInt32.random(in: 0...0x10FFFF, using: &generator)
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                } else {
                    scalars.append(interestingScalars.randomElement(using: &generator)!)
                }
            }
        }
        return String(scalars)
    }

    static func randomValue(depth: Int = 0, using generator: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth < 2 ? 8 : 6), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
        case 3:
            let value =
                Double.random(in: -1e300...1e300, using: &generator)
                / pow(10, Double.random(in: 0...300, using: &generator))
            return .number(value)
        case 4, 5: return .string(randomString(using: &generator))
        case 6:
            return .array(
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, using: &generator)
                })
        default:
            let count = Int.random(in: 0...3, using: &generator)
            return .object(
                (0..<count).map { index in
                    ("k\(index)" + randomString(using: &generator), randomValue(depth: depth + 1, using: &generator))
                })
        }
    }

    static func randomSubject(type: String, using generator: inout SeededGenerator) -> SignalRecord.Subject {
        .init(
            type: type, id: Int64.random(in: .min ... .max, using: &generator), title: randomString(using: &generator))
    }

    /// A random valid record of any version-1 signal, or an unknown one of a valid shape.
    static func random(seq: Int64, using generator: inout SeededGenerator) -> SignalRecord {
        let signals = [
            "user.registered", "bucketlist.created", "bucketlist.updated", "bucketlist.deleted", "item.created",
            "item.updated", "item.deleted", "comment.posted",
        ]
        let signal = signals.randomElement(using: &generator)!
        let type = String(signal.prefix { $0 != "." })
        let sourceCharacters = Array("ABCXYZabcxyz0189._-")
        let source = String(
            (0..<Int.random(in: 1...64, using: &generator)).map { _ in
                sourceCharacters.randomElement(using: &generator)!
            })
        var changes: [SignalRecord.FieldChange] = []
        if signal.hasSuffix(".updated") || Bool.random(using: &generator) {
            for index in 0..<Int.random(in: 1...4, using: &generator) {
                changes.append(
                    .init(
                        field: "f\(index)" + randomString(using: &generator), old: randomValue(using: &generator),
                        new: randomValue(using: &generator)))
            }
        }
        return SignalRecord(
            seq: seq,
            timestamp: RecordTimestamp(
                millisecondsSinceEpoch: Int64.random(in: -62_167_219_200_000...253_402_300_799_999, using: &generator)),
            source: source, signal: signal,
            actor: .init(id: Int64.random(in: .min ... .max, using: &generator), name: randomString(using: &generator)),
            subject: randomSubject(type: type, using: &generator),
            parent: type == "item" || Bool.random(using: &generator)
                ? randomSubject(type: "bucketlist", using: &generator) : nil,
            changes: changes,
            requestID: Bool.random(using: &generator) ? randomString(using: &generator) : nil)
    }
}
