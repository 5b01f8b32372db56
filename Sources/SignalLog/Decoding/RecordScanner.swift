import Foundation

/// A hand-written JSON scanner over one line's bytes, specialised to the record's known shape.
///
/// Positions in errors are indexes into the scanned buffer. Every string is checked for UTF-8
/// well-formedness and every escape is decoded (surrogate pairs joined; a lone surrogate is an
/// error); numbers follow the JSON grammar; a key twice in one object is an error.
///
/// Speeds up strings, the bulk of a line. CPU time on one core: ``locateString()`` jumping to the
/// first special byte of each eight (bc2c777) 0.52 s → 0.505 s on a 1M-record log;
/// ``makeString(_:)`` unescaping straight into the `String` (b04c0bb) 0.52 s → 0.50 s on a
/// `--distinct-titles` log (the commits record no command). Decoding non-ASCII text without
/// validating it first (370176a) was not measured separately; measure with
/// `scripts/compare-reader-builds.sh A B`.
struct RecordScanner {
    /// How many arrays and objects may nest, the outermost counting as one (for a line, the record's
    /// own object): a value that opens one more is rejected as `invalidJSON`, naming this limit. The
    /// fast path and the general scan count alike (`docs/record-format.md`, Limits).
    static let maximumDepth = 128

    /// How many keys one object may have (``SignalRecord/maximumKeysPerObject``): the key after the last
    /// one allowed is rejected as `invalidJSON` at its position, naming this limit, on the fast path and
    /// the general scan alike.
    static var maximumKeys: Int { SignalRecord.maximumKeysPerObject }

    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0

    /// A scanner of the `count` bytes at `base`, starting at `start`; positions count from `base`.
    init(base: UnsafePointer<UInt8>, count: Int, start: Int = 0) {
        self.base = base
        self.count = count
        self.index = start
    }

    // MARK: Bytes and whitespace

    @inline(__always)
    mutating func skipWhitespace() {
        while index < count {
            switch base[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): index += 1
            default: return
            }
        }
    }

    /// An `invalidJSON` reason at the current position; when the bytes ran out, at the last byte, so
    /// that every position lies within the scanned bytes.
    @inline(__always)
    func failure(_ why: String) -> RejectReason {
        Self.failure(why, at: index, count: count)
    }

    /// ``failure(_:)`` out of line: inlined, the bounds on the position made the string scan's loop
    /// slower (a long title 0.127 → 0.152 ms, `scripts/bench-many-keys.sh`).
    @inline(never)
    private static func failure(_ why: String, at index: Int, count: Int) -> RejectReason {
        .invalidJSON(position: Swift.max(0, Swift.min(index, count - 1)), why)
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: String) throws(RejectReason) {
        guard index < count, base[index] == byte else {
            throw failure(index < count ? "expected \(what)" : "line ends where \(what) was expected")
        }
        index += 1
    }

    /// After a member's value: true for `,` (another member follows), false for the closing `close`.
    @inline(__always)
    mutating func memberSeparator(close: UInt8) throws(RejectReason) -> Bool {
        skipWhitespace()
        guard index < count else { throw failure("line ends inside an object or array") }
        let byte = base[index]
        index += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == close { return false }
        index -= 1
        throw failure(close == UInt8(ascii: "}") ? "expected , or }" : "expected , or ]")
    }

    // MARK: Strings

    /// Where a string's bytes are (between its quotes) and what kinds of bytes it holds.
    struct StringSpan {
        var start: Int
        var end: Int
        var hasEscape: Bool
        var hasNonASCII: Bool
    }

    /// Scans the string that starts at the current `"` and moves past its closing quote, checking it fully.
    mutating func scanString() throws(RejectReason) -> ScannedString {
        let span = try locateString()
        if span.hasNonASCII, let bad = UTF8Validation.firstInvalidIndex(in: base, from: span.start, to: span.end) {
            throw .invalidUTF8(position: bad)
        }
        if !span.hasEscape {
            return .raw(UnsafeBufferPointer(start: base + span.start, count: span.end - span.start))
        }
        return .decoded(try decodeEscapes(from: span.start, to: span.end))
    }

    /// Finds the end of the string that starts at the current `"` and moves past its closing quote;
    /// checks that it is terminated and has no raw control characters, but not its UTF-8 or escapes.
    @inline(__always)
    mutating func locateString() throws(RejectReason) -> StringSpan {
        guard index < count, base[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        let start = index + 1
        var cursor = start
        var hasEscape = false
        var hasNonASCII = false
        while true {
            // Eight bytes at a time up to the first quote, backslash or control character.
            while cursor + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self))
                let special = SWAR.quoteBackslashOrControl(word)
                if special == 0 {
                    if word & SWAR.highBits != 0 { hasNonASCII = true }
                    cursor += 8
                    continue
                }
                let plainBits = special.trailingZeroBitCount & ~7
                if word & SWAR.highBits & ((1 << plainBits) &- 1) != 0 { hasNonASCII = true }
                cursor += plainBits >> 3
                break
            }
            guard cursor < count else {
                index = cursor
                throw failure("line ends inside a string")
            }
            let byte = base[cursor]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscape = true
                cursor += 2
                continue
            }
            if byte < 0x20 {
                index = cursor
                throw failure("control character U+\(hex4(UInt32(byte))) must be escaped in a string")
            }
            if byte >= 0x80 { hasNonASCII = true }
            cursor += 1
        }
        index = cursor + 1
        return StringSpan(start: start, end: cursor, hasEscape: hasEscape, hasNonASCII: hasNonASCII)
    }

    /// The text of a located string, or nil when its UTF-8 or an escape is invalid (the general scan
    /// then reports where).
    @inline(__always)
    func makeString(_ span: StringSpan) -> String? {
        if !span.hasEscape {
            let raw = UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
            var text = String(decoding: raw, as: UTF8.self)
            guard span.hasNonASCII else { return text }
            // Decoding replaces each ill-formed sequence with U+FFFD, whose bytes no ill-formed
            // sequence starts with: the text has the raw bytes exactly when they were well-formed.
            // One check instead of validating the bytes again before decoding them.
            let same = text.withUTF8 { decoded in
                decoded.count == raw.count && memcmp(decoded.baseAddress!, raw.baseAddress!, raw.count) == 0
            }
            return same ? text : nil
        }
        if span.hasNonASCII, UTF8Validation.firstInvalidIndex(in: base, from: span.start, to: span.end) != nil {
            return nil
        }
        var failed = false
        let text = String(unsafeUninitializedCapacity: span.end - span.start) { buffer in
            do {
                return try decodeEscapes(from: span.start, to: span.end, into: buffer.baseAddress!)
            } catch {
                failed = true
                return 0
            }
        }
        return failed ? nil : text
    }

    private func decodeEscapes(from start: Int, to end: Int) throws(RejectReason) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: end - start)
        let count = try output.withUnsafeMutableBufferPointer { (buffer) throws(RejectReason) -> Int in
            try decodeEscapes(from: start, to: end, into: buffer.baseAddress!)
        }
        output.removeLast(output.count - count)
        return output
    }

    /// Writes the decoded bytes of the string between `start` and `end` to `output`, which has room
    /// for `end - start` bytes (every escape is longer than what it stands for), and returns how many.
    private func decodeEscapes(from start: Int, to end: Int, into output: UnsafeMutablePointer<UInt8>)
        throws(RejectReason) -> Int
    {
        var count = 0
        @inline(__always)
        func append(_ byte: UInt8) {
            output[count] = byte
            count += 1
        }
        var cursor = start
        while cursor < end {
            let byte = base[cursor]
            guard byte == UInt8(ascii: "\\") else {
                append(byte)
                cursor += 1
                continue
            }
            let escape = base[cursor + 1]
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): append(escape)
            case UInt8(ascii: "b"): append(0x08)
            case UInt8(ascii: "f"): append(0x0C)
            case UInt8(ascii: "n"): append(0x0A)
            case UInt8(ascii: "r"): append(0x0D)
            case UInt8(ascii: "t"): append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad(at: cursor + 2, end: end)
                if (0xDC00...0xDFFF).contains(scalar) {
                    throw RejectReason.invalidJSON(position: cursor, "lone low surrogate \\u\(hex4(scalar))")
                }
                if (0xD800...0xDBFF).contains(scalar) {
                    guard cursor + 7 < end, base[cursor + 6] == UInt8(ascii: "\\"),
                        base[cursor + 7] == UInt8(ascii: "u")
                    else {
                        throw RejectReason.invalidJSON(position: cursor, "lone high surrogate \\u\(hex4(scalar))")
                    }
                    let low = try hexQuad(at: cursor + 8, end: end)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw RejectReason.invalidJSON(position: cursor, "lone high surrogate \\u\(hex4(scalar))")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    cursor += 6
                }
                for byte in UTF8.encode(Unicode.Scalar(scalar)!)! { append(byte) }
                cursor += 4
            default:
                throw RejectReason.invalidJSON(position: cursor, "invalid escape in a string")
            }
            cursor += 2
        }
        return count
    }

    private func hexQuad(at position: Int, end: Int) throws(RejectReason) -> UInt32 {
        guard position + 4 <= end else {
            throw RejectReason.invalidJSON(position: position - 2, "\\u needs four hex digits")
        }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = base[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw RejectReason.invalidJSON(position: position - 2, "\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Numbers

    /// Scans a number per the JSON grammar: an integer that fits `Int64` becomes `.integer`, anything
    /// else `.number` (possibly infinite when out of `Double`'s range).
    mutating func scanNumber() throws(RejectReason) -> JSONValue {
        let start = index
        var negative = false
        if index < count, base[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < count, isDigit(base[index]) else { throw failure("expected a digit") }
        var magnitude: UInt64 = 0
        var overflow = false
        var digits = 0
        while index + digits < count, digits < 18, isDigit(base[index + digits]) {
            magnitude = magnitude &* 10 &+ UInt64(base[index + digits] &- UInt8(ascii: "0"))
            digits += 1
        }
        let end = index + digits
        if digits > 0, base[index] != UInt8(ascii: "0") || digits == 1,
            end == count || !isNumberContinuation(base[end])
        {
            index = end
            return .integer(negative ? -Int64(magnitude) : Int64(magnitude))
        }
        magnitude = 0
        if base[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < count, isDigit(base[index]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(base[index] - UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                magnitude = sum
                index += 1
            }
        }
        var isInteger = true
        if index < count, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < count, isDigit(base[index]) else { throw failure("expected a digit after .") }
            while index < count, isDigit(base[index]) { index += 1 }
        }
        if index < count, base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            guard index < count, isDigit(base[index]) else { throw failure("expected a digit in the exponent") }
            while index < count, isDigit(base[index]) { index += 1 }
        }
        if isInteger, !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .integer(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 { return .integer(Int64(bitPattern: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        return .number(Double(text) ?? .nan)
    }

    /// Whether `byte` would continue a number after its integer digits (a digit, `.`, `e` or `E`).
    @inline(__always)
    private func isNumberContinuation(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e")
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    // MARK: Any value

    /// Scans any JSON value, checking it fully (strings, numbers, duplicate keys, depth); `depth` is
    /// how many arrays and objects enclose it.
    mutating func scanValue(depth: Int = 0) throws(RejectReason) -> JSONValue {
        guard index < count else { throw failure("line ends where a value was expected") }
        switch base[index] {
        case UInt8(ascii: "\""): return .string(try scanString().makeString())
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw tooDeep() }
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            var repeatedKeys = RepeatedKeyCheck()
            skipWhitespace()
            if index < count, base[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            repeat {
                skipWhitespace()
                let keyPosition = index
                guard members.count < Self.maximumKeys else { throw tooManyKeys(at: keyPosition) }
                let key = try scanString().makeString()
                if repeatedKeys.isRepeated(key, among: members, keyOf: \.key) {
                    throw RejectReason.invalidJSON(position: keyPosition, "duplicate key \"\(key)\"")
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), ":")
                skipWhitespace()
                members.append((key, try scanValue(depth: depth + 1)))
            } while try memberSeparator(close: UInt8(ascii: "}"))
            return .object(members)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw tooDeep() }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < count, base[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            repeat {
                skipWhitespace()
                elements.append(try scanValue(depth: depth + 1))
            } while try memberSeparator(close: UInt8(ascii: "]"))
            return .array(elements)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try scanNumber()
        default: throw failure("expected a value")
        }
    }

    /// The reason for the key at `position`, one more than ``maximumKeys`` in its object.
    func tooManyKeys(at position: Int) -> RejectReason {
        .invalidJSON(position: position, "an object with more keys than the limit of \(Self.maximumKeys)")
    }

    /// The reason for an array or object that would nest deeper than ``maximumDepth``.
    func tooDeep() -> RejectReason {
        failure("arrays and objects nested deeper than the limit of \(Self.maximumDepth)")
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(RejectReason) -> JSONValue {
        let length = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + length <= count && UnsafeBufferPointer(start: base + index, count: length).elementsEqual(expected)
        }
        guard matches else { throw failure("expected a value") }
        index += length
        return value
    }
}

/// Four uppercase hex digits of `value`, for messages.
func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
