import Foundation

/// Tells, from its first bytes alone, whether a line is a record stamped before an instant: the
/// test behind ``LogReader/skipsLinesStampedBefore``.
///
/// A line qualifies when it starts exactly as ``LogWriter`` writes every record,
/// `{"v":1,"seq":` then 1 to 19 digits then `,"ts":"`, and the 24 bytes after that, up to a
/// closing `"`, sort before the cutoff's `YYYY-MM-DDTHH:MM:SS.sssZ` text: that format sorts as
/// time does. Nothing else of the line is looked at, and the cost does not depend on its length.
enum StaleLinePrefix {
    private static let head = Array(#"{"v":1,"seq":"#.utf8)
    private static let timestampKey = Array(#","ts":""#.utf8)
    /// The length of the record format's timestamp text.
    static let timestampLength = 24

    /// Whether the `length` bytes at `line` (without the `\n`) start a record stamped before
    /// `cutoff`, the 24 bytes of a timestamp in the record format.
    static func isStamped(_ line: UnsafePointer<UInt8>, length: Int, before cutoff: [UInt8]) -> Bool {
        guard cutoff.count == timestampLength, length > head.count else { return false }
        for index in head.indices where line[index] != head[index] { return false }
        var position = head.count
        let digitsEnd = min(length, position + 19)
        while position < digitsEnd, line[position] >= UInt8(ascii: "0"), line[position] <= UInt8(ascii: "9") {
            position += 1
        }
        guard position > head.count, length - position >= timestampKey.count + timestampLength + 1 else {
            return false
        }
        for index in timestampKey.indices where line[position + index] != timestampKey[index] { return false }
        position += timestampKey.count
        guard line[position + timestampLength] == UInt8(ascii: "\"") else { return false }
        return cutoff.withUnsafeBufferPointer { memcmp(line + position, $0.baseAddress!, timestampLength) } < 0
    }
}
