import Foundation
import GRDB
import PostgresNIO
import SignalLog

extension BucketlistStore {
    /// Registers a user and records `user.registered`.
    ///
    /// The actor of the record is the new user, unless `actor` names someone else (the command line passes
    /// `system:bucketlist-server`). The password is hashed with bcrypt before the transaction starts.
    ///
    /// - Throws: ``StoreError/invalidInput(field:message:)`` for a username that is not 1–64 characters of
    ///   `[A-Za-z0-9._-]` or a password that ``PasswordPolicy`` refuses; ``StoreError/usernameTaken(_:)``;
    ///   ``StoreError/busy(_:)`` when too many password computations are waiting.
    public func register(
        username: String,
        password: String,
        role: User.Role = .user,
        actor: SignalRecord.Actor? = nil,
        requestID: String? = nil
    ) async throws -> User {
        guard (1...64).contains(username.utf8.count), username.utf8.allSatisfy(Configuration.isNameByte) else {
            throw StoreError.invalidInput(
                field: "username",
                message: "must be 1 to 64 characters: letters, digits, '.', '_' or '-'"
            )
        }
        if let problem = PasswordPolicy.problem(with: password) {
            throw StoreError.invalidInput(field: "password", message: problem)
        }
        let passwordHash = try await passwords.hash(password)
        let now = clock()
        let logger = logger
        do {
            return try await commit { db, outbox in
                guard try User.filter(User.Columns.username == username).fetchCount(db) == 0 else {
                    throw StoreError.usernameTaken(username)
                }
                var user = User(username: username, passwordHash: passwordHash, role: role, createdAt: now)
                try user.insert(db)
                let userID = user.id ?? 0
                try outbox.record(
                    signal: .userRegistered,
                    actor: actor ?? Self.actor(user),
                    subject: SignalRecord.Subject(type: "user", id: userID, title: username),
                    requestID: requestID
                )
                return user
            } postgres: { connection, outbox in
                guard try await PostgresRows.user(named: username, connection, logger: logger) == nil else {
                    throw StoreError.usernameTaken(username)
                }
                var user = User(username: username, passwordHash: passwordHash, role: role, createdAt: now)
                user.id = try await PostgresRows.integer(
                    """
                    INSERT INTO users (username, password_hash, role, created_at)
                    VALUES (\(username), \(passwordHash), \(role.rawValue), \(now)) RETURNING id
                    """, connection, logger: logger)
                try outbox.record(
                    signal: .userRegistered,
                    actor: actor ?? Self.actor(user),
                    subject: SignalRecord.Subject(type: "user", id: user.id ?? 0, title: username),
                    requestID: requestID
                )
                return user
            }
        } catch let error where PostgresErrorText.isUniqueViolation(error) {
            // Two registrations of one name at once on PostgreSQL: the unique index refuses the second.
            throw StoreError.usernameTaken(username)
        }
    }

    /// The user with this username (compared case-insensitively), if any.
    public func user(named username: String) async throws -> User? {
        let logger = logger
        return try await read { db in
            try User.filter(User.Columns.username == username).fetchOne(db)
        } postgres: { connection in
            try await PostgresRows.user(named: username, connection, logger: logger)
        }
    }

    /// The user whose username and password match, or nil; takes as long for an unknown username.
    ///
    /// A password with a control character never matches (none can be registered), and is refused before
    /// bcrypt, whose C code would stop at a NUL.
    ///
    /// - Throws: ``StoreError/busy(_:)`` when too many password computations are waiting.
    public func authenticate(username: String, password: String) async throws -> User? {
        guard let user = try await user(named: username), !PasswordPolicy.hasControlCharacter(password) else {
            try await passwords.verifyDecoy(password)
            return nil
        }
        return try await passwords.verify(password, against: user.passwordHash) ? user : nil
    }

    /// Issues a new bearer token for `user`, valid for the configured lifetime.
    ///
    /// Expired tokens (everyone's) are purged in the same transaction, and when `user` already holds
    /// ``Configuration/maximumLiveTokens`` bearer tokens the oldest are revoked to make room.
    public func issueToken(for user: User) async throws -> IssuedToken {
        let token = SecretToken()
        let now = clock()
        let expiresAt = now.addingTimeInterval(configuration.tokenLifetime)
        let userID = user.id ?? 0
        let keep = configuration.maximumLiveTokens - 1
        let logger = logger
        try await write { db in
            try AccessToken.filter(AccessToken.Columns.expiresAt <= now).deleteAll(db)
            let live =
                try AccessToken
                .filter(
                    AccessToken.Columns.userId == userID && AccessToken.Columns.kind == AccessToken.Kind.bearer.rawValue
                )
                .order(AccessToken.Columns.id.desc)
                .fetchAll(db)
            for stale in live.dropFirst(keep) {
                _ = try stale.delete(db)
            }
            var stored = AccessToken(
                userId: userID,
                digest: token.digest,
                kind: .bearer,
                createdAt: now,
                expiresAt: expiresAt
            )
            try stored.insert(db)
        } postgres: { connection in
            try await connection.query("DELETE FROM access_tokens WHERE expires_at <= \(now)", logger: logger)
            try await connection.query(
                """
                DELETE FROM access_tokens WHERE id IN (
                    SELECT id FROM access_tokens WHERE user_id = \(userID) AND kind = 'bearer'
                    ORDER BY id DESC OFFSET \(keep))
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO access_tokens (user_id, digest, kind, created_at, expires_at)
                VALUES (\(userID), \(token.digest), 'bearer', \(now), \(expiresAt))
                """, logger: logger)
        }
        return IssuedToken(token: token.text, expiresAt: expiresAt)
    }

    /// The user a bearer token belongs to, or nil for an unknown or expired token.
    public func user(bearerToken: String) async throws -> User? {
        try await user(token: bearerToken, kind: .bearer)
    }

    /// The user a personal feed token belongs to, or nil for an unknown or replaced token.
    public func user(feedToken: String) async throws -> User? {
        try await user(token: feedToken, kind: .feed)
    }

    /// Revokes the bearer token `token` (a logout); an unknown token changes nothing.
    ///
    /// - Returns: Whether a token was revoked.
    @discardableResult
    public func revoke(bearerToken token: String) async throws -> Bool {
        let digest = SecretToken.digest(of: token)
        let logger = logger
        return try await write { db in
            try AccessToken
                .filter(
                    AccessToken.Columns.digest == digest && AccessToken.Columns.kind == AccessToken.Kind.bearer.rawValue
                )
                .deleteAll(db) > 0
        } postgres: { connection in
            try await PostgresRows.integer(
                """
                WITH gone AS (DELETE FROM access_tokens WHERE digest = \(digest) AND kind = 'bearer' RETURNING 1)
                SELECT count(*) FROM gone
                """, connection, logger: logger) > 0
        }
    }

    /// Revokes every token of the user `userID`, bearer and feed alike (log out everywhere).
    ///
    /// - Returns: How many tokens were revoked.
    @discardableResult
    public func revokeAllTokens(ofUserID userID: Int64) async throws -> Int {
        let logger = logger
        return try await write { db in
            try AccessToken.filter(AccessToken.Columns.userId == userID).deleteAll(db)
        } postgres: { connection in
            Int(
                try await PostgresRows.integer(
                    "WITH gone AS (DELETE FROM access_tokens WHERE user_id = \(userID) RETURNING 1) SELECT count(*) FROM gone",
                    connection, logger: logger))
        }
    }

    /// Revokes every token of `username`, bearer and feed alike, as ``revokeAllTokens(ofUserID:)`` does.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when there is no such user.
    @discardableResult
    public func revokeAllTokens(username: String) async throws -> Int {
        guard let userID = try await user(named: username)?.id else {
            throw StoreError.notFound("no user named '\(username)'")
        }
        return try await revokeAllTokens(ofUserID: userID)
    }

    /// Creates or replaces the personal feed token of `username` and returns it; the old one stops working.
    /// Its text starts with ``SecretToken/feedPrefix``.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when there is no such user.
    public func resetFeedToken(username: String) async throws -> String {
        let token = SecretToken(prefix: SecretToken.feedPrefix)
        let now = clock()
        let logger = logger
        try await write { db in
            guard let user = try User.filter(User.Columns.username == username).fetchOne(db), let userID = user.id
            else {
                throw StoreError.notFound("no user named '\(username)'")
            }
            try AccessToken
                .filter(
                    AccessToken.Columns.userId == userID && AccessToken.Columns.kind == AccessToken.Kind.feed.rawValue
                )
                .deleteAll(db)
            var stored = AccessToken(userId: userID, digest: token.digest, kind: .feed, createdAt: now, expiresAt: nil)
            try stored.insert(db)
        } postgres: { connection in
            guard let userID = try await PostgresRows.user(named: username, connection, logger: logger)?.id else {
                throw StoreError.notFound("no user named '\(username)'")
            }
            try await connection.query(
                "DELETE FROM access_tokens WHERE user_id = \(userID) AND kind = 'feed'", logger: logger)
            try await connection.query(
                """
                INSERT INTO access_tokens (user_id, digest, kind, created_at, expires_at)
                VALUES (\(userID), \(token.digest), 'feed', \(now), NULL)
                """, logger: logger)
        }
        return token.text
    }

    private func user(token: String, kind: AccessToken.Kind) async throws -> User? {
        let digest = SecretToken.digest(of: token)
        let now = clock()
        let logger = logger
        return try await read { db in
            guard
                let stored =
                    try AccessToken
                    .filter(AccessToken.Columns.digest == digest && AccessToken.Columns.kind == kind.rawValue)
                    .fetchOne(db)
            else { return nil }
            if let expiresAt = stored.expiresAt, expiresAt <= now { return nil }
            return try User.fetchOne(db, key: stored.userId)
        } postgres: { connection in
            var found: (userID: Int64, expiresAt: Date?)?
            for try await (userID, expiresAt) in try await connection.query(
                "SELECT user_id, expires_at FROM access_tokens WHERE digest = \(digest) AND kind = \(kind.rawValue)",
                logger: logger
            ).decode((Int64, Date?).self) {
                found = (userID, expiresAt)
            }
            guard let found else { return nil }
            if let expiresAt = found.expiresAt, expiresAt <= now { return nil }
            return try await PostgresRows.user(id: found.userID, connection, logger: logger)
        }
    }
}
