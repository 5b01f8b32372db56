import Foundation

/// Finds the password of a PostgreSQL role as libpq does: `PGPASSWORD`, else the first matching line of
/// `~/.pgpass` (or the file `PGPASSFILE` names).
///
/// `.pgpass` lines are `host:port:database:username:password`, `*` matching anything, `\:` and `\\` escaping;
/// lines starting with `#` are comments. As libpq does, a file that group or others can read is ignored.
/// The password is never logged.
public enum PostgresPassword {
    /// The password for `address`, or nil when none is configured (trust or peer authentication).
    public static func lookup(
        for address: PostgresAddress,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let password = environment["PGPASSWORD"] { return password }
        let path =
            environment["PGPASSFILE"]
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        return match(in: text, for: address)
    }

    /// The password of the first line of a `.pgpass` text that matches `address`.
    static func match(in text: String, for address: PostgresAddress) -> String? {
        let wanted = [address.host, String(address.port), address.database, address.username]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let matches = zip(fields.prefix(4), wanted).allSatisfy { field, value in field == "*" || field == value }
            if matches { return fields[4] }
        }
        return nil
    }

    /// Splits a line at unescaped colons, removing the backslashes of `\:` and `\\`.
    private static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
