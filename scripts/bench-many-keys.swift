import Foundation

// The program of scripts/bench-many-keys.sh, compiled there with the SignalLog sources into one module.

/// Times `SignalRecord.decode(line:)` on each shape of line with 65,536 keys, beside a plain line of
/// the same length (the example record with a long title), and prints both and their ratio.
@main
struct ManyKeysBench {
    static let keyCount = 65_536
    static let allowedRatio = 10.0

    static func main() {
        let example =
            #"{"v":1,"seq":1042,"ts":"2026-11-24T10:15:30.123Z","source":"app-1","signal":"item.updated","#
            + #""actor":{"id":7,"name":"alice"},"subject":{"type":"item","id":311,"title":"See the cherry blossoms"},"#
            + #""parent":{"type":"bucketlist","id":12,"title":"Visit Japan"},"changes":{"done":[false,true]},"#
            + #""request_id":"5c1f0a2e-93b4-4d07-9a51-0f6f2f4b7a10"}"#
        func members(_ value: String) -> String {
            (0..<keyCount).map { "\"\(String(format: "%06d", $0))\":\(value)" }.joined(separator: ",")
        }
        let changes = example.replacingOccurrences(
            of: #""changes":{"done":[false,true]}"#, with: #""changes":{"# + members("[0,1]") + "}")
        let shapes: [(String, String)] = [
            ("changes, fast path", changes),
            ("changes, with a space", changes.replacingOccurrences(of: #""changes":{"#, with: #""changes":{ "#)),
            ("keys of an unknown object", String(example.dropLast()) + #","extra":{"# + members("1") + "}}"),
            ("unknown top-level keys", String(example.dropLast()) + "," + members("1") + "}"),
        ]
        print(
            "\(pad("line", 28)) \(pad("bytes", 9)) \(pad("decode ms", 10)) \(pad("plain ms", 9)) \(pad("ratio", 6))")
        var worst = 0.0
        let only = ProcessInfo.processInfo.environment["MANY_KEYS_SHAPE"]
        for (name, text) in shapes where only.map({ name.hasPrefix($0) }) ?? true {
            let line = Array(text.utf8)
            let title = String(repeating: "x", count: 23 + line.count - example.utf8.count)
            let plain = Array(example.replacingOccurrences(of: "See the cherry blossoms", with: title).utf8)
            precondition(plain.count == line.count)
            let decoded = time(line)
            let plainTime = time(plain)
            let ratio = decoded.seconds / plainTime.seconds
            worst = max(worst, ratio)
            print(
                "\(pad(name, 28)) \(pad(String(line.count), 9)) \(pad(milliseconds(decoded.seconds), 10))"
                    + " \(pad(milliseconds(plainTime.seconds), 9)) \(pad(String(format: "%.1f", ratio), 6))"
                    + (decoded.accepted ? "" : "  (rejected!)"))
        }
        let verdict = worst <= allowedRatio ? "ok" : "too slow"
        print("worst ratio \(String(format: "%.1f", worst)) (allowed \(allowedRatio)): \(verdict)")
        if worst > allowedRatio { exit(1) }
    }

    /// The best of several decodes of `line`, in seconds, and whether it was accepted.
    static func time(_ line: [UInt8]) -> (seconds: Double, accepted: Bool) {
        let clock = ContinuousClock()
        var best = Duration.seconds(1000)
        var accepted = false
        for _ in 0..<15 {
            let elapsed = clock.measure {
                accepted = (try? SignalRecord.decode(line: line).get()) != nil
            }
            best = min(best, elapsed)
        }
        let parts = best.components
        return (Double(parts.seconds) + Double(parts.attoseconds) / 1e18, accepted)
    }

    static func milliseconds(_ seconds: Double) -> String {
        String(format: "%.3f", seconds * 1000)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
