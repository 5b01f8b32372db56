/// UTF-8 well-formedness (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
///
/// Speeds up checking mostly-ASCII text by skipping eight ASCII bytes at a time (3e5d185); the fast
/// path calls it only for strings with both escapes and non-ASCII bytes (370176a). No separate
/// measurement was recorded; measure with `scripts/compare-reader-builds.sh A B`.
enum UTF8Validation {
    /// The index of the first byte in `start..<end` that begins an ill-formed sequence, or nil.
    static func firstInvalidIndex(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if index + 8 <= end,
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & SWAR.highBits == 0
            {
                index += 8
                continue
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= end else { return index }
            let second = base[index + 1]
            guard second >= low, second <= high else { return index }
            for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
