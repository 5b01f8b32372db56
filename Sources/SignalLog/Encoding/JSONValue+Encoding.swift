extension JSONValue {
    /// The value as JSON text, written exactly as the log writes values inside a record.
    ///
    /// Object members keep their order; see ``SignalRecord/encodedLine()`` for the escaping rules. Encoding
    /// does not validate: a number that is not finite has no JSON form (``SignalRecord/validate()`` refuses it).
    public var jsonText: String {
        var encoder = LineEncoder(capacity: 64)
        encoder.append(self)
        return String(decoding: encoder.bytes, as: UTF8.self)
    }
}
