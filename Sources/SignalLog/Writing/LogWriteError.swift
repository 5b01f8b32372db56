import Foundation

/// Appending to the log failed: which file, what the writer was doing, and the system's reason.
public struct LogWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case open
        case write
        case sync
        case close
        case closed
        case notWholeLine
    }

    private let code: Code
    /// The log file.
    public let path: String
    /// The system error number (`errno`), or 0 when the error is not a system call's.
    public let errorNumber: Int32
    /// For a batch of pre-encoded lines, the index of the line that is not one whole line.
    public let lineIndex: Int?

    private init(code: Code, path: String, errorNumber: Int32 = 0, lineIndex: Int? = nil) {
        self.code = code
        self.path = path
        self.errorNumber = errorNumber
        self.lineIndex = lineIndex
    }

    static func open(_ path: String, errno: Int32) -> LogWriteError {
        LogWriteError(code: .open, path: path, errorNumber: errno)
    }
    static func write(_ path: String, errno: Int32) -> LogWriteError {
        LogWriteError(code: .write, path: path, errorNumber: errno)
    }
    static func sync(_ path: String, errno: Int32) -> LogWriteError {
        LogWriteError(code: .sync, path: path, errorNumber: errno)
    }
    static func close(_ path: String, errno: Int32) -> LogWriteError {
        LogWriteError(code: .close, path: path, errorNumber: errno)
    }
    static func closed(_ path: String) -> LogWriteError { LogWriteError(code: .closed, path: path) }
    static func notWholeLine(_ path: String, index: Int) -> LogWriteError {
        LogWriteError(code: .notWholeLine, path: path, lineIndex: index)
    }

    /// What failed, on which file, and why.
    public var description: String {
        let reason = errorNumber == 0 ? "" : ": " + String(cString: strerror(errorNumber))
        switch code {
        case .open: return "cannot open \(path) for appending\(reason)"
        case .write: return "cannot append to \(path)\(reason); the batch may be partly written"
        case .sync: return "cannot fsync \(path)\(reason); the batch may not be durable"
        case .close: return "cannot close \(path)\(reason)"
        case .closed: return "the writer of \(path) is closed"
        case .notWholeLine:
            return "line \(lineIndex ?? 0) of the batch for \(path) is not one line ending in \\n; nothing was written"
        }
    }
}
