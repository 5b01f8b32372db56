/// A JSON string found by ``RecordScanner``: the raw bytes between the quotes when it has no escapes
/// (valid UTF-8, already checked), or its decoded UTF-8 bytes.
enum ScannedString {
    case raw(UnsafeBufferPointer<UInt8>)
    case decoded([UInt8])

    /// The string's text.
    func makeString() -> String {
        switch self {
        case .raw(let bytes): String(decoding: bytes, as: UTF8.self)
        case .decoded(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Calls `body` with the string's UTF-8 bytes.
    func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        switch self {
        case .raw(let bytes): try body(bytes)
        case .decoded(let bytes): try bytes.withUnsafeBufferPointer(body)
        }
    }
}
