/// Tests on eight bytes at once ("SIMD within a register").
///
/// Speeds up the string scan (``RecordScanner/locateString()``) and ``UTF8Validation``'s skip over
/// ASCII: eight bytes a step instead of one. Jumping to the first quote, backslash or control byte
/// of a word (bc2c777) took CPU time from 0.52 s to 0.505 s reading a 1M-record log on one core
/// (the commit records no command). The eight-byte scan itself (3e5d185) was not measured
/// separately; measure with `scripts/compare-reader-builds.sh A B`.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each zero byte of `word` (and possibly of bytes above one); 0 when there is none.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// Marks bytes of `word` that are `"`, `\` or below 0x20 with their high bit: the lowest mark is
    /// exact (bytes above it may be marked wrongly); 0 when there is none.
    @inline(__always)
    static func quoteBackslashOrControl(_ word: UInt64) -> UInt64 {
        zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
            | ((word &- ones &* 0x20) & ~word & highBits)
    }
}
