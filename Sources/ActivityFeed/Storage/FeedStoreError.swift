import Foundation
import GRDB

/// The feed store could not open, read or write its state: what happened and where, in one line
/// without SQL or error domains, and what to do.
public struct FeedStoreError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case missingState
        case notAState
        case cannotOpen
        case corruptEntry
        case database
    }

    private let code: Code
    /// What went wrong, in one sentence.
    public let message: String
    /// The state file concerned.
    public let path: String
    /// Whether the disk holding the state has no room left.
    public let isDiskFull: Bool

    private init(code: Code, message: String, path: String, isDiskFull: Bool = false) {
        self.code = code
        self.message = message
        self.path = path
        self.isDiskFull = isDiskFull
    }

    /// Whether the error is a state file that does not exist yet.
    public var isMissingState: Bool { code == .missingState }

    /// The error as one line: state file and message.
    public var description: String { "\(path): \(message)" }

    static func missingState(_ path: String) -> FeedStoreError {
        FeedStoreError(
            code: .missingState, message: "no feed state here yet (run `activity-feed build` first)", path: path)
    }

    static func notAState(_ path: String, _ problem: String) -> FeedStoreError {
        FeedStoreError(code: .notAState, message: "cannot open the feed state: \(problem)", path: path)
    }

    static func cannotOpen(_ path: String, _ underlying: any Error) -> FeedStoreError {
        let problem = Problem(underlying, statePath: path)
        return FeedStoreError(
            code: .cannotOpen, message: "cannot open the feed state: \(problem.text)", path: path,
            isDiskFull: problem.isDiskFull)
    }

    static func corruptEntry(_ path: String, ordinal: Int64, _ reason: any Error) -> FeedStoreError {
        FeedStoreError(
            code: .corruptEntry,
            message: "stored entry \(ordinal) does not decode (\(reason)); the state file was altered: "
                + "restore it from its backup",
            path: path
        )
    }

    static func database(_ path: String, _ underlying: any Error) -> FeedStoreError {
        let problem = Problem(underlying, statePath: path)
        return FeedStoreError(
            code: .database, message: "feed state: \(problem.text)", path: path, isDiskFull: problem.isDiskFull)
    }

    /// An error met on the state, in an operator's words: SQLite's result code says what is wrong; the
    /// statement that failed is left out.
    private struct Problem {
        var text: String
        var isDiskFull = false

        init(_ error: any Error, statePath: String) {
            let folder = URL(fileURLWithPath: statePath).deletingLastPathComponent().path
            let full =
                "the disk holding \(folder) is full; free some space there and run again "
                + "(every batch committed so far is kept, and the next run goes on from it)"
            if let error = error as? FolderError {
                text = "\(error); give --state a path whose folders can be created"
                return
            }
            guard let error = error as? DatabaseError else {
                text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
                return
            }
            switch error.resultCode {
            case .SQLITE_FULL,
                .SQLITE_IOERR where Self.isFull(folder):
                text = full
                isDiskFull = true
            case .SQLITE_IOERR:
                text = "the disk reported an I/O error; check the disk and the file system"
            case .SQLITE_NOTADB:
                text =
                    "the file is not a feed state (not an SQLite database); point --state at the feed state, "
                    + "or at a path that does not exist yet to start a new one"
            case .SQLITE_CORRUPT:
                text =
                    "the feed state is damaged; restore it from its backup "
                    + "(docs/operations.md, \"When things go wrong\")"
            case .SQLITE_CANTOPEN:
                text = "the file cannot be opened or created; check that it is a file and that \(folder) is writable"
            case .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
                text = "permission denied; this user must be able to read and write the state and \(folder)"
            default:
                let message = error.message ?? "SQLite error \(error.resultCode.rawValue)"
                text = message.replacingOccurrences(of: "\n", with: " ")
            }
        }

        /// Whether the file system holding `folder` has no space left for an ordinary user.
        private static func isFull(_ folder: String) -> Bool {
            var status = statvfs()
            return statvfs(folder, &status) == 0 && status.f_bavail == 0
        }
    }
}
