extension SignalRecord {
    /// The longest line, in bytes including its `\n`, that a writer may append to a log: 64 KiB.
    ///
    /// Readers skip any line longer than their own limit (``LogReader/maxLineLength``, 1 MiB by
    /// default) as `lineTooLong`, so a record written on such a line never reaches the feed. A writer
    /// that refuses every change whose ``encodedLine()`` is longer than this, before it acknowledges the
    /// change, keeps each acknowledged record readable with room to spare, even by a reader configured
    /// with a limit 16 times smaller than the default.
    public static let maximumWrittenLineLength = 64 * 1024

    /// The record as one canonical line of the log, ending in `\n`.
    ///
    /// Fields in the order of the format (`v`, `seq`, `ts`, `source`, `signal`, `actor`, `subject`,
    /// then `parent`, `changes`, `request_id` when present), no spaces; `"` and `\` escaped with a
    /// backslash, every control character as `\u00XX`, all other text as raw UTF-8. Encoding does not
    /// validate: call ``validate()`` first (``LogWriter`` does).
    public func encodedLine() -> [UInt8] {
        var encoder = LineEncoder(capacity: 256)
        encoder.append(ascii: "{\"v\":")
        encoder.append(Int64(version))
        encoder.append(ascii: ",\"seq\":")
        encoder.append(seq)
        encoder.append(ascii: ",\"ts\":\"")
        encoder.bytes.append(contentsOf: timestamp.rfc3339.utf8)
        encoder.append(ascii: "\",\"source\":")
        encoder.append(string: source)
        encoder.append(ascii: ",\"signal\":")
        encoder.append(string: signal)
        encoder.append(ascii: ",\"actor\":{\"id\":")
        encoder.append(actor.id)
        encoder.append(ascii: ",\"name\":")
        encoder.append(string: actor.name)
        encoder.append(ascii: "},\"subject\":")
        encoder.append(subject)
        if let parent {
            encoder.append(ascii: ",\"parent\":")
            encoder.append(parent)
        }
        if !changes.isEmpty {
            encoder.append(ascii: ",\"changes\":{")
            for (index, change) in changes.enumerated() {
                if index > 0 { encoder.bytes.append(UInt8(ascii: ",")) }
                encoder.append(string: change.field)
                encoder.append(ascii: ":[")
                encoder.append(change.old)
                encoder.bytes.append(UInt8(ascii: ","))
                encoder.append(change.new)
                encoder.bytes.append(UInt8(ascii: "]"))
            }
            encoder.bytes.append(UInt8(ascii: "}"))
        }
        if let requestID {
            encoder.append(ascii: ",\"request_id\":")
            encoder.append(string: requestID)
        }
        encoder.append(ascii: "}\n")
        return encoder.bytes
    }
}
