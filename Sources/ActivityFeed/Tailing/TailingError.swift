/// A log file the tailer cannot open or read: what happened and to which file.
public struct TailingError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case missingFile
        case cannotOpen
        case cannotRead
    }

    private let code: Code
    /// What went wrong, in one sentence.
    public let message: String
    /// The file concerned.
    public let path: String
    /// The byte offset concerned, when there is one.
    public let offset: UInt64?

    private init(code: Code, message: String, path: String, offset: UInt64? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.offset = offset
    }

    /// Whether the error is a log file that does not exist.
    public var isMissingFile: Bool { code == .missingFile }

    /// The error as one line: file, offset if any, and message.
    public var description: String {
        if let offset {
            return "\(path) at byte \(offset): \(message)"
        }
        return "\(path): \(message)"
    }

    static func missingFile(_ path: String) -> TailingError {
        TailingError(
            code: .missingFile,
            message: "no such log file (check --log; a log must exist before its first build)",
            path: path
        )
    }

    static func cannotOpen(_ path: String, errno: Int32) -> TailingError {
        TailingError(code: .cannotOpen, message: "cannot open: \(SystemErrorText.describe(errno))", path: path)
    }

    static func cannotRead(_ path: String, offset: UInt64, errno: Int32) -> TailingError {
        TailingError(
            code: .cannotRead,
            message: "cannot read: \(SystemErrorText.describe(errno))",
            path: path,
            offset: offset
        )
    }

    static func cannotRead(_ path: String, offset: UInt64, underlying: any Error) -> TailingError {
        TailingError(code: .cannotRead, message: "cannot read: \(underlying)", path: path, offset: offset)
    }
}
