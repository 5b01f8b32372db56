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
        while index < count {
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
}
