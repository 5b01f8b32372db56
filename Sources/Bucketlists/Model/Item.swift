import Foundation
import GRDB

/// One thing to do on a bucketlist.
public struct Item: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The row id; nil before the item is inserted.
    public var id: Int64?
    /// The list the item belongs to.
    public var bucketlistId: Int64
    /// The item's name: user text of 1–200 Unicode code points and at most 800 UTF-8 bytes.
    public var name: String
    /// Whether the item is done.
    public var done: Bool
    /// When the item was created.
    public var createdAt: Date
    /// When the item last changed.
    public var updatedAt: Date

    /// Creates an item value; ``BucketlistStore/addItem(named:toList:by:requestID:)`` inserts one.
    public init(id: Int64? = nil, bucketlistId: Int64, name: String, done: Bool, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.bucketlistId = bucketlistId
        self.name = name
        self.done = done
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The table's columns.
    public enum Columns {
        /// `id`.
        public static let id = Column(CodingKeys.id)
        /// `bucketlistId`.
        public static let bucketlistId = Column(CodingKeys.bucketlistId)
    }

    /// Records the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
