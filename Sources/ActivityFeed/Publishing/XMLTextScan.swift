/// What one pass over a text's UTF-8 bytes found: characters XML 1.0 forbids, and
/// characters libxml2 escapes in element text or in attribute values.
///
/// It reads bytes, not scalars, so ordinary text costs one comparison per byte.
/// Forbidden are C0 controls other than tab, line feed and carriage return, and
/// U+FFFE / U+FFFF (`EF BF BE`, `EF BF BF`); with `forbiddingC1Controls`, also
/// U+007F…U+009F (`7F`, `C2 80`…`C2 9F`). Swift strings hold valid UTF-8 and no
/// surrogates, so no other byte sequence needs a look.
struct XMLTextScan {
    /// Whether the text holds a forbidden character; the other findings are
    /// then incomplete, as the scan stops there.
    private(set) var hasForbiddenCharacter = false
    /// Whether libxml2 escapes something in the text as element content: `<`, `>`, `&`, `"` or a carriage return.
    private(set) var needsTextEscaping = false
    /// Whether libxml2 escapes something in the text as an attribute value: the above, a tab or a line feed.
    private(set) var needsAttributeEscaping = false

    /// Scans `bytes`, which must be valid UTF-8.
    init(_ bytes: UnsafeBufferPointer<UInt8>, forbiddingC1Controls: Bool = false) {
        var index = 0
        let count = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        while index < count {
            if index + 8 <= count, !Self.mayNeedALook(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            index += 1
            if byte > 0x3E {
                switch byte {
                case 0x7F:
                    if forbiddingC1Controls { hasForbiddenCharacter = true }
                case 0xC2:
                    if forbiddingC1Controls, index < count, bytes[index] <= 0x9F { hasForbiddenCharacter = true }
                case 0xEF:
                    if index + 1 < count, bytes[index] == 0xBF, bytes[index + 1] >= 0xBE {
                        hasForbiddenCharacter = true
                    }
                default:
                    continue
                }
                if hasForbiddenCharacter { return }
                continue
            }
            switch byte {
            case 0x22, 0x26, 0x3C, 0x3E, 0x0D:
                needsTextEscaping = true
                needsAttributeEscaping = true
            case 0x09, 0x0A:
                needsAttributeEscaping = true
            case 0x00..<0x20:
                hasForbiddenCharacter = true
                return
            default:
                continue
            }
        }
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any of the eight bytes in `word` is below 0x20, is `"`, `&`, `<`, `>` or 0x7F,
    /// or is 0x80 or above; false means all eight are plain printable ASCII needing nothing.
    private static func mayNeedALook(_ word: UInt64) -> Bool {
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let belowSpace = (word &- ones &* 0x20) & ~word & highBits != 0
        return word & highBits != 0 || belowSpace || hasZeroByte(word ^ (ones &* 0x22))
            || hasZeroByte(word ^ (ones &* 0x26)) || hasZeroByte(word ^ (ones &* 0x3C))
            || hasZeroByte(word ^ (ones &* 0x3E)) || hasZeroByte(word ^ (ones &* 0x7F))
    }
}
