import Foundation

/// A log file could not be opened or read: which file, which operation, and the system's reason.
///
/// ``LogReader`` throws only this, and only for I/O; bad content is reported as ``RejectedLine``.
public struct LogReadError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case open
        case read
    }

    private let code: Code
    /// The file concerned.
    public let path: String
    /// The system error number (`errno`).
    public let errorNumber: Int32
    /// The byte offset being read, for read errors.
    public let offset: UInt64?

    private init(code: Code, path: String, errorNumber: Int32, offset: UInt64?) {
        self.code = code
        self.path = path
        self.errorNumber = errorNumber
        self.offset = offset
    }

    static func open(_ path: String, errno: Int32) -> LogReadError {
        LogReadError(code: .open, path: path, errorNumber: errno, offset: nil)
    }

    static func read(_ path: String, offset: UInt64, errno: Int32) -> LogReadError {
        LogReadError(code: .read, path: path, errorNumber: errno, offset: offset)
    }

    /// Whether the file does not exist (a caller may wait for it to be created).
    public var isFileMissing: Bool { code == .open && errorNumber == ENOENT }

    /// `cannot open PATH: reason` or `cannot read PATH at byte N: reason`.
    public var description: String {
        let reason = String(cString: strerror(errorNumber))
        switch code {
        case .open: return "cannot open \(path): \(reason)"
        case .read: return "cannot read \(path) at byte \(offset ?? 0): \(reason)"
        }
    }
}
