import Foundation
import GRDB

/// A stored credential: the SHA-256 digest of a bearer or feed token, never the token itself.
struct AccessToken: Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    /// What the token opens.
    enum Kind: String, Sendable, Codable {
        /// A login token for `Authorization: Bearer`; it expires.
        case bearer
        /// A personal feed token for `?token=` on `/admin/`; replaced by a reset, no expiry.
        case feed
    }

    var id: Int64?
    var userId: Int64
    /// Lowercase hex SHA-256 of the token's text.
    var digest: String
    var kind: Kind
    var createdAt: Date
    var expiresAt: Date?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userId = Column(CodingKeys.userId)
        static let digest = Column(CodingKeys.digest)
        static let kind = Column(CodingKeys.kind)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
