/// The feed store could not open, read or write its state: what happened and where.
public struct FeedStoreError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case missingState
        case cannotOpen
        case corruptEntry
        case database
    }

    private let code: Code
    /// What went wrong, in one sentence.
    public let message: String
    /// The state file concerned.
    public let path: String

    private init(code: Code, message: String, path: String) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// Whether the error is a state file that does not exist yet.
    public var isMissingState: Bool { code == .missingState }

    /// The error as one line: state file and message.
    public var description: String { "\(path): \(message)" }

    static func missingState(_ path: String) -> FeedStoreError {
        FeedStoreError(
            code: .missingState, message: "no feed state here yet (run `activity-feed build` first)", path: path)
    }

    static func cannotOpen(_ path: String, _ underlying: any Error) -> FeedStoreError {
        FeedStoreError(code: .cannotOpen, message: "cannot open the feed state: \(underlying)", path: path)
    }

    static func corruptEntry(_ path: String, ordinal: Int64, _ reason: any Error) -> FeedStoreError {
        FeedStoreError(
            code: .corruptEntry,
            message: "stored entry \(ordinal) does not decode (\(reason)); the state file was altered",
            path: path
        )
    }

    static func database(_ path: String, _ underlying: any Error) -> FeedStoreError {
        FeedStoreError(code: .database, message: "feed state: \(underlying)", path: path)
    }
}
