import Foundation
import Logging
import PostgresNIO

/// The queries the store's operations share on PostgreSQL, each decoding its rows into the model types.
enum PostgresRows {
    /// How a read locks the rows it returns, for the rest of the transaction.
    enum Lock {
        /// No lock (a plain read).
        case none
        /// `FOR SHARE`: others may read but not change or delete the row.
        case share
        /// `FOR UPDATE`: the transaction will change or delete the row.
        case update

        var sql: String {
            switch self {
            case .none: ""
            case .share: " FOR SHARE"
            case .update: " FOR UPDATE"
            }
        }
    }

    static func users(_ query: PostgresQuery, _ connection: PostgresConnection, logger: Logger) async throws -> [User] {
        var users: [User] = []
        for try await (id, username, hash, role, createdAt) in try await connection.query(query, logger: logger)
            .decode((Int64, String, String, String, Date).self)
        {
            users.append(
                User(
                    id: id, username: username, passwordHash: hash, role: User.Role(rawValue: role) ?? .user,
                    createdAt: createdAt))
        }
        return users
    }

    /// The user named `username`, compared case-insensitively.
    static func user(named username: String, _ connection: PostgresConnection, logger: Logger) async throws -> User? {
        try await users(
            "SELECT id, username, password_hash, role, created_at FROM users WHERE lower(username) = lower(\(username))",
            connection, logger: logger
        ).first
    }

    static func user(id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> User? {
        try await users(
            "SELECT id, username, password_hash, role, created_at FROM users WHERE id = \(id)", connection,
            logger: logger
        ).first
    }

    static func lists(_ query: PostgresQuery, _ connection: PostgresConnection, logger: Logger) async throws
        -> [Bucketlist]
    {
        var lists: [Bucketlist] = []
        for try await (id, ownerID, name, createdAt, updatedAt) in try await connection.query(query, logger: logger)
            .decode((Int64, Int64, String, Date, Date).self)
        {
            lists.append(Bucketlist(id: id, ownerId: ownerID, name: name, createdAt: createdAt, updatedAt: updatedAt))
        }
        return lists
    }

    /// The list `id` if `ownerID` owns it, locked as `lock` says: the ownership check inside the transaction.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when it does not exist or belongs to someone else.
    static func ownedList(
        id: Int64, ownerID: Int64, lock: Lock, _ connection: PostgresConnection, logger: Logger
    ) async throws -> Bucketlist {
        let query = PostgresQuery(
            unsafeSQL:
                "SELECT id, owner_id, name, created_at, updated_at FROM bucketlists WHERE id = $1 AND owner_id = $2"
                + lock.sql,
            binds: try binds(id, ownerID))
        guard let list = try await lists(query, connection, logger: logger).first else {
            throw StoreError.notFound("no bucketlist with id \(id)")
        }
        return list
    }

    static func items(_ query: PostgresQuery, _ connection: PostgresConnection, logger: Logger) async throws -> [Item] {
        var items: [Item] = []
        for try await (id, listID, name, done, createdAt, updatedAt) in try await connection.query(
            query, logger: logger
        ).decode((Int64, Int64, String, Bool, Date, Date).self) {
            items.append(
                Item(id: id, bucketlistId: listID, name: name, done: done, createdAt: createdAt, updatedAt: updatedAt))
        }
        return items
    }

    /// The items of list `listID`, by id.
    static func items(listID: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> [Item] {
        try await items(
            """
            SELECT id, bucketlist_id, name, done, created_at, updated_at FROM items
            WHERE bucketlist_id = \(listID) ORDER BY id
            """, connection, logger: logger)
    }

    /// The item `id` of list `listID`, locked for update.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when there is no such item on that list.
    static func itemForUpdate(id: Int64, listID: Int64, _ connection: PostgresConnection, logger: Logger)
        async throws -> Item
    {
        let found = try await items(
            """
            SELECT id, bucketlist_id, name, done, created_at, updated_at FROM items
            WHERE id = \(id) AND bucketlist_id = \(listID) FOR UPDATE
            """, connection, logger: logger)
        guard let item = found.first else {
            throw StoreError.notFound("no item with id \(id) in bucketlist \(listID)")
        }
        return item
    }

    /// The first column of the first row, as an `Int64` (an id from `RETURNING`, a count).
    static func integer(_ query: PostgresQuery, _ connection: PostgresConnection, logger: Logger) async throws
        -> Int64
    {
        for try await value in try await connection.query(query, logger: logger).decode(Int64.self) {
            return value
        }
        throw StoreError.invalidInput(field: "", message: "the database returned no row")
    }

    private static func binds(_ values: Int64...) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }
}
