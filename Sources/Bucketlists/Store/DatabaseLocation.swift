import Foundation

/// Where the `--database` option points: an SQLite file or a PostgreSQL server.
///
/// `postgres://USER@HOST:PORT/DB` (or `postgresql://…`) names a PostgreSQL database; anything else is the path
/// of an SQLite file. A password is never part of the URL (arguments show up in `ps`): it comes from
/// `PGPASSWORD` or `~/.pgpass` (see ``PostgresPassword``).
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresAddress)

    /// Reads `text`, the value of `--database`.
    ///
    /// - Throws: ``DatabaseLocationError`` for a PostgreSQL URL that is malformed or carries a password.
    public init(parsing text: String) throws(DatabaseLocationError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(url: text))
        } else {
            self = .sqlite(path: text)
        }
    }
}

/// The parts of a `postgres://USER@HOST:PORT/DB` URL; it holds no password.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// The role to connect as.
    public var username: String
    /// The server's host name or IP address.
    public var host: String
    /// The server's TCP port (5432 by default).
    public var port: Int
    /// The database name.
    public var database: String

    /// Creates an address from its parts.
    public init(username: String, host: String, port: Int = 5432, database: String) {
        self.username = username
        self.host = host
        self.port = port
        self.database = database
    }

    /// Parses `postgres://USER@HOST[:PORT]/DB`.
    ///
    /// - Throws: ``DatabaseLocationError`` naming the part that is missing or wrong; a URL with a password
    ///   (`USER:PASSWORD@`) is refused, so that no password is ever taken from an argument.
    public init(url: String) throws(DatabaseLocationError) {
        guard let schemeEnd = url.range(of: "://") else {
            throw DatabaseLocationError("'\(url)' is not a postgres:// URL")
        }
        let rest = url[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else {
            throw DatabaseLocationError("the database URL names no user: write postgres://USER@HOST:PORT/DB")
        }
        let user = rest[..<at]
        guard !user.contains(":") else {
            throw DatabaseLocationError(
                "the database URL must not hold a password (anyone can read it with ps); "
                    + "set PGPASSWORD or write it in ~/.pgpass")
        }
        guard !user.isEmpty else { throw DatabaseLocationError("the database URL names no user") }
        let afterAt = rest[rest.index(after: at)...]
        guard let slash = afterAt.firstIndex(of: "/") else {
            throw DatabaseLocationError("the database URL names no database: write postgres://USER@HOST:PORT/DB")
        }
        let hostPort = afterAt[..<slash]
        let name = afterAt[afterAt.index(after: slash)...]
        guard !name.isEmpty, !name.contains("/"), !name.contains("?") else {
            throw DatabaseLocationError("the database URL's database name '\(name)' is empty or has '/' or '?'")
        }
        var host = Substring(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            guard let parsed = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw DatabaseLocationError("the database URL's port is not a number from 1 to 65535")
            }
            port = parsed
        }
        guard !host.isEmpty else { throw DatabaseLocationError("the database URL names no host") }
        self.init(username: String(user), host: String(host), port: port, database: String(name))
    }

    /// `postgres://USER@HOST:PORT/DB`: safe to log, it holds no password.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}

/// A `--database` value that cannot be used; the message says what to write instead.
public struct DatabaseLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line for the operator.
    public let description: String

    init(_ description: String) { self.description = description }
}
