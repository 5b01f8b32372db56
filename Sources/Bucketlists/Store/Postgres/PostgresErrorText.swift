import Foundation
import PostgresNIO

/// What a postgres-nio error says, in one line an operator can act on.
///
/// `PSQLError`'s own description hides the server's message (it may quote data); this one shows the server's
/// message and SQLSTATE, which name the problem but never a parameter value, or the client-side error code.
enum PostgresErrorText {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            let message = info[.message] ?? "server error"
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return (message + state).replacingOccurrences(of: "\n", with: " ")
        }
        switch error.code {
        case .connectionError:
            let cause = error.underlying.map { ": \($0)" } ?? ""
            return "cannot connect to the PostgreSQL server\(cause); check that it runs and the URL's host and port"
        case .authMechanismRequiresPassword:
            return "the server asks for a password; set PGPASSWORD or write it in ~/.pgpass"
        default:
            return "PostgreSQL client error \(error.code)"
        }
    }

    /// Whether `error` is the server refusing a duplicate key (SQLSTATE 23505).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }
}
