/// What one pass over a text's UTF-8 bytes found: characters XML 1.0 forbids, and
/// characters libxml2 escapes in element text or in attribute values.
///
/// It reads bytes, not scalars, eight at a time where none of them needs a closer look.
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
            if index + 8 <= count,
                !Self.mayNeedALook(
                    raw.loadUnaligned(fromByteOffset: index, as: UInt64.self),
                    forbiddingC1Controls: forbiddingC1Controls
                )
            {
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

    /// Whether any of the eight bytes in `word` needs the byte-by-byte look: one below 0x20,
    /// `"`, `&`, `<`, `>`, or 0xEF (which starts U+FFFE and U+FFFF), and with `forbiddingC1Controls`
    /// also 0x7F or 0xC2 (which starts U+0080…U+00BF); false means none of them needs anything.
    ///
    /// Each test sets a byte's high bit in `flags` where its condition holds, and sets none where
    /// no byte meets it: `(x − 0x01…01) & ~x` for a zero byte of `x`, and `(x − 0x20…20) & ~x` for a
    /// byte below 0x20; a borrow only starts at a byte that meets the condition.
    private static func mayNeedALook(_ word: UInt64, forbiddingC1Controls: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value }
        var flags = (word &- 0x2020_2020_2020_2020) & ~word
        flags |= zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x2626_2626_2626_2626)
        flags |= zeroBytes(word ^ 0x3C3C_3C3C_3C3C_3C3C) | zeroBytes(word ^ 0x3E3E_3E3E_3E3E_3E3E)
        flags |= zeroBytes(word ^ 0xEFEF_EFEF_EFEF_EFEF)
        if forbiddingC1Controls {
            flags |= zeroBytes(word ^ 0x7F7F_7F7F_7F7F_7F7F) | zeroBytes(word ^ 0xC2C2_C2C2_C2C2_C2C2)
        }
        return flags & 0x8080_8080_8080_8080 != 0
    }
}
