import Foundation
import GRDB
import PostgresNIO

/// The database file could not be opened or migrated, said in one line for the operator: the path, what is
/// wrong (the disk is full, the file is not a database, no permission) and what to do.
public struct DatabaseOpenError: Error, CustomStringConvertible {
    /// The database file.
    public let path: String
    /// What is wrong, in words.
    public let problem: String

    /// One line: the path, the problem and what to do.
    public var description: String {
        "cannot open the database \(path): \(problem)"
    }

    /// Describes `error`, met while opening `path`, in an operator's words.
    init(path: String, error: any Error) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if let error = error as? PSQLError {
            problem = PostgresErrorText.describe(error)
            return
        }
        guard let error = error as? DatabaseError else {
            problem = "\(error)"
            return
        }
        switch error.resultCode {
        case .SQLITE_FULL,
            .SQLITE_IOERR where Self.isFull(folder):
            problem = "the disk holding \(folder) is full; free some space and start again"
        case .SQLITE_IOERR:
            problem = "the disk reported an I/O error; check the disk and the file system"
        case .SQLITE_CANTOPEN:
            problem = "the file cannot be opened or created; check that \(folder) exists and is writable"
        case .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            problem = "permission denied; the server's user must be able to read and write it and its folder"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            problem = "the file is not a bucketlist database or is damaged; restore it from a backup"
        default:
            let message = (error.message ?? "SQLite error \(error.resultCode.rawValue)")
                .replacingOccurrences(of: "\n", with: " ")
            problem = message
        }
    }

    /// Whether the file system holding `folder` has no space left for an ordinary user.
    private static func isFull(_ folder: String) -> Bool {
        var status = statvfs()
        return statvfs(folder, &status) == 0 && status.f_bavail == 0
    }
}
