/// A rejected log line as the store keeps it: file, byte offset, length, reason and the line's first bytes.
public struct RecordedReject: Sendable, Hashable {
    /// The log file the line was read from.
    public var path: String
    /// Byte offset of the line's first byte.
    public var offset: UInt64
    /// The line's length in bytes, its `\n` included.
    public var length: Int
    /// The kind of problem, stable for programs (for example `invalidJSON`).
    public var kind: String
    /// What is wrong, for people.
    public var detail: String
    /// The line's first bytes, raw (may be invalid UTF-8 or hold control characters: escape on output).
    public var prefix: [UInt8]

    /// Creates a reject from its parts.
    public init(path: String, offset: UInt64, length: Int, kind: String, detail: String, prefix: [UInt8]) {
        self.path = path
        self.offset = offset
        self.length = length
        self.kind = kind
        self.detail = detail
        self.prefix = prefix
    }
}
