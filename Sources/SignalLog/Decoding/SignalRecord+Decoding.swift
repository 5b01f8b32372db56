extension SignalRecord {
    /// Decodes one line of the log (without its `\n`; a trailing `\r` is ignored) into a valid record.
    ///
    /// Never traps on bad input: the result says what is wrong and where. A line that is empty or
    /// only whitespace is `invalidJSON`. Bytes that are not UTF-8 anywhere in the line give
    /// `invalidUTF8`; otherwise bad syntax or a key twice in one object gives `invalidJSON` (with the
    /// byte position); a `v` other than 1 gives `unsupportedVersion`; a field of the wrong type or a
    /// record that breaks ``validate()``'s rules gives `invalidField` or `missingField`. Unknown
    /// fields are checked as JSON and ignored. A UTF-8 BOM is not accepted here (``LogReader``
    /// skips one at the start of a file).
    public static func decode(line: UnsafeRawBufferPointer) -> Result<SignalRecord, RejectReason> {
        var decoder = LineDecoder(interning: false)
        return decoder.decode(line)
    }

    /// Decodes one line of the log (without its `\n`); see ``decode(line:)-(UnsafeRawBufferPointer)``.
    public static func decode(line: [UInt8]) -> Result<SignalRecord, RejectReason> {
        line.withUnsafeBytes { decode(line: $0) }
    }
}
