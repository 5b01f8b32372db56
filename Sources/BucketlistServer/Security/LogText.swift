/// Makes text a client sent (a username, a forwarded address) safe to put in a log line.
enum LogText {
    /// `text` with every scalar outside printable ASCII written as `\u{…}`, cut to `limit` scalars (then `…`),
    /// so a hostile value can neither forge a second log line nor hide in terminal escapes.
    static func sanitized(_ text: String, limit: Int = 64) -> String {
        var result = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == limit {
                result += "…"
                break
            }
            if (0x20..<0x7F).contains(scalar.value), scalar != "\\" {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return result
    }
}
