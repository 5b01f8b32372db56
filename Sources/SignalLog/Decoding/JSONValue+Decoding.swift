extension JSONValue {
    /// Parses one JSON value, with the checks the reader applies to a record's values.
    ///
    /// Whitespace may surround the value; anything else after it is an error. Strings must be valid
    /// UTF-8 with valid escapes, a key may not appear twice in one object, and nesting is bounded.
    ///
    /// - Throws: ``RejectReason`` of kind `invalidJSON` or `invalidUTF8`, whose `position` is the byte
    ///   offset in `text` where the problem was found.
    public init(parsing text: String) throws(RejectReason) {
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes.append(0)
        self = try bytes.withUnsafeBufferPointer { (buffer) throws(RejectReason) -> JSONValue in
            var scanner = RecordScanner(base: buffer.baseAddress!, count: count)
            scanner.skipWhitespace()
            let value = try scanner.scanValue()
            scanner.skipWhitespace()
            guard scanner.index == count else { throw scanner.failure("unexpected text after the value") }
            return value
        }
    }
}
