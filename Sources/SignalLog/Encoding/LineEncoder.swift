/// Appends canonical JSON for the record format to a byte buffer.
///
/// Strings: `"` and `\` are escaped with a backslash; every control character (U+0000–U+001F,
/// U+007F, U+0080–U+009F) as `\u` and four lowercase hex digits; everything else as raw UTF-8.
struct LineEncoder {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    mutating func append(string: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let escapeLength: Int
                let scalar: UInt32
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    escapeLength = 1
                    scalar = UInt32(byte)
                } else if byte < 0x20 || byte == 0x7F {
                    escapeLength = 1
                    scalar = UInt32(byte)
                } else if byte == 0xC2, index + 1 < utf8.count, utf8[index + 1] < 0xA0 {
                    escapeLength = 2
                    scalar = UInt32(utf8[index + 1])
                } else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                if scalar == UInt32(UInt8(ascii: "\"")) || scalar == UInt32(UInt8(ascii: "\\")) {
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(scalar))
                } else {
                    appendUnicodeEscape(scalar)
                }
                index += escapeLength
                runStart = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendUnicodeEscape(_ scalar: UInt32) {
        let hex: StaticString = "0123456789abcdef"
        append(ascii: "\\u")
        hex.withUTF8Buffer { digits in
            for shift in stride(from: 12, through: 0, by: -4) {
                bytes.append(digits[Int((scalar >> UInt32(shift)) & 0xF)])
            }
        }
    }

    mutating func append(_ value: JSONValue) {
        switch value {
        case .null: append(ascii: "null")
        case .bool(let flag): flag ? append(ascii: "true") : append(ascii: "false")
        case .integer(let number): append(number)
        case .number(let number): bytes.append(contentsOf: "\(number)".utf8)
        case .string(let text): append(string: text)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(string: member.key)
                bytes.append(UInt8(ascii: ":"))
                append(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    mutating func append(_ subject: SignalRecord.Subject) {
        append(ascii: "{\"type\":")
        append(string: subject.type)
        append(ascii: ",\"id\":")
        append(subject.id)
        append(ascii: ",\"title\":")
        append(string: subject.title)
        bytes.append(UInt8(ascii: "}"))
    }
}
