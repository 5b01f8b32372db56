import Foundation
import GRDB

/// A registered user: who owns bucketlists and who acts in records.
///
/// `passwordHash` is a bcrypt hash; it never leaves the server (not in responses, logs or records).
public struct User: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    /// What a user may do: every user manages their own lists; only admins read the activity pages.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// A regular user.
        case user
        /// An admin: may also read `/admin/`.
        case admin
    }

    /// The row id; nil before the user is inserted.
    public var id: Int64?
    /// The login name: 1–64 ASCII letters, digits, `.`, `_` or `-`, unique case-insensitively.
    public var username: String
    /// The bcrypt hash of the password.
    public var passwordHash: String
    /// The user's role.
    public var role: Role
    /// When the user was created.
    public var createdAt: Date

    /// Creates a user value; ``BucketlistStore/register(username:password:role:actor:requestID:)`` inserts one.
    public init(id: Int64? = nil, username: String, passwordHash: String, role: Role, createdAt: Date) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
    }

    /// The table's columns.
    public enum Columns {
        /// `id`.
        public static let id = Column(CodingKeys.id)
        /// `username`.
        public static let username = Column(CodingKeys.username)
        /// `role`.
        public static let role = Column(CodingKeys.role)
    }

    /// Records the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
