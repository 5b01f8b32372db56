import Foundation
import GRDB

/// A user's bucketlist: a named list of items.
public struct Bucketlist: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The row id; nil before the list is inserted.
    public var id: Int64?
    /// The user who owns the list; only they can see or change it.
    public var ownerId: Int64
    /// The list's name: user text of 1–200 Unicode code points and at most 800 UTF-8 bytes.
    public var name: String
    /// When the list was created.
    public var createdAt: Date
    /// When the list's name last changed.
    public var updatedAt: Date

    /// Creates a list value; ``BucketlistStore/createList(named:by:requestID:)`` inserts one.
    public init(id: Int64? = nil, ownerId: Int64, name: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.ownerId = ownerId
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The table's columns.
    public enum Columns {
        /// `id`.
        public static let id = Column(CodingKeys.id)
        /// `ownerId`.
        public static let ownerId = Column(CodingKeys.ownerId)
        /// `name`.
        public static let name = Column(CodingKeys.name)
    }

    /// Records the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
