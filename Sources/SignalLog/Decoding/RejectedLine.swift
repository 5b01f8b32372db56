/// A line a reader rejected: where it is, how long it is, why, and how it begins.
///
/// Readers report every rejected line and go on; keep these aside so nothing is dropped silently.
public struct RejectedLine: Sendable, Hashable {
    /// The file the line was read from.
    public var path: String
    /// Byte offset of the line's first byte in the file.
    public var offset: UInt64
    /// The line's length in bytes, its `\n` included.
    public var length: Int
    /// Why the line was rejected.
    public var reason: RejectReason
    /// The line's first bytes, raw (may be invalid UTF-8): exactly its first
    /// min(``RejectedLine/prefixLimit``, `length` − 1) bytes, without the `\n`, however it was read.
    public var prefix: [UInt8]

    /// The most bytes of a rejected line kept in ``prefix``.
    public static let prefixLimit = 200

    /// Creates a rejected-line report.
    public init(path: String, offset: UInt64, length: Int, reason: RejectReason, prefix: [UInt8]) {
        self.path = path
        self.offset = offset
        self.length = length
        self.reason = reason
        self.prefix = prefix
    }
}
