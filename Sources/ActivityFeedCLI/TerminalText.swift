/// Makes untrusted text safe to print on a terminal: control and bidirectional-override
/// characters become `\u{…}` escapes.
enum TerminalText {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isSafe(scalar.value) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return result
    }

    /// Raw bytes (possibly invalid UTF-8) as escaped text.
    static func escape(bytes: [UInt8]) -> String {
        escape(String(decoding: bytes, as: UTF8.self))
    }

    private static func isSafe(_ value: UInt32) -> Bool {
        switch value {
        case 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: false
        case 0x09, 0x20..<0x7F, 0xA0...: true
        default: false
        }
    }
}
