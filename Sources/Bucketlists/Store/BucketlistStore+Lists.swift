import Foundation
import GRDB
import PostgresNIO
import SignalLog

extension BucketlistStore {
    /// The largest page size ``lists(ownedBy:matching:page:perPage:)`` accepts.
    public static let maximumPageSize = 100

    /// One page of the lists `user` owns, by id, optionally only those whose name contains `query`
    /// (case-insensitively for ASCII letters).
    ///
    /// - Throws: ``StoreError/invalidInput(field:message:)`` when `page` < 1 or `perPage` is outside
    ///   1…``maximumPageSize``.
    public func lists(ownedBy user: User, matching query: String? = nil, page: Int = 1, perPage: Int = 20)
        async throws -> ListPage
    {
        guard page >= 1 else { throw StoreError.invalidInput(field: "page", message: "must be 1 or more") }
        guard (1...Self.maximumPageSize).contains(perPage) else {
            throw StoreError.invalidInput(field: "per_page", message: "must be 1 to \(Self.maximumPageSize)")
        }
        let ownerID = user.id ?? 0
        let logger = logger
        let pattern = query.flatMap { $0.isEmpty ? nil : "%\(Self.escapeLike($0))%" }
        return try await read { db in
            var request = Bucketlist.filter(Bucketlist.Columns.ownerId == ownerID)
            if let pattern {
                request = request.filter(sql: "name LIKE ? ESCAPE '\\'", arguments: [pattern])
            }
            let total = try request.fetchCount(db)
            let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
            let lists =
                overflow || offset >= total
                ? []
                : try request.order(Bucketlist.Columns.id).limit(perPage, offset: offset).fetchAll(db)
            return ListPage(lists: lists, page: page, perPage: perPage, total: total)
        } postgres: { connection in
            // LIKE is case-sensitive on PostgreSQL; lower() on both sides matches SQLite's ASCII-insensitive LIKE.
            let total = try await PostgresRows.integer(
                """
                SELECT count(*) FROM bucketlists WHERE owner_id = \(ownerID)
                AND (\(pattern)::TEXT IS NULL OR lower(name) LIKE lower(\(pattern)::TEXT) ESCAPE '\\')
                """, connection, logger: logger)
            let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
            let lists =
                overflow || offset >= total
                ? []
                : try await PostgresRows.lists(
                    """
                    SELECT id, owner_id, name, created_at, updated_at FROM bucketlists WHERE owner_id = \(ownerID)
                    AND (\(pattern)::TEXT IS NULL OR lower(name) LIKE lower(\(pattern)::TEXT) ESCAPE '\\')
                    ORDER BY id LIMIT \(perPage) OFFSET \(offset)
                    """, connection, logger: logger)
            return ListPage(lists: lists, page: page, perPage: perPage, total: Int(total))
        }
    }

    /// The list `id` with its items, if `user` owns it.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when it does not exist or belongs to someone else.
    public func list(id: Int64, ownedBy user: User) async throws -> ListDetail {
        let ownerID = user.id ?? 0
        let logger = logger
        return try await read { db in
            let list = try Self.ownedList(db, id: id, ownerID: ownerID)
            let items = try Self.items(db, listID: id)
            return ListDetail(list: list, items: items)
        } postgres: { connection in
            // One statement sees one snapshot; two would not, so the list and its items are read in one
            // REPEATABLE READ transaction.
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let list = try await PostgresRows.ownedList(
                    id: id, ownerID: ownerID, lock: .none, connection, logger: logger)
                let items = try await PostgresRows.items(listID: id, connection, logger: logger)
                try await connection.query("COMMIT", logger: logger)
                return ListDetail(list: list, items: items)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Creates a list owned by `user` and records `bucketlist.created`.
    ///
    /// - Throws: ``StoreError/invalidInput(field:message:)`` for an empty name or one over
    ///   ``maximumNameCodePoints`` code points or ``maximumNameBytes`` bytes, or a record too long to log.
    public func createList(named name: String, by user: User, requestID: String? = nil) async throws -> Bucketlist {
        try Self.validateName(name)
        let now = clock()
        let ownerID = user.id ?? 0
        let logger = logger
        return try await commit { db, outbox in
            var list = Bucketlist(ownerId: ownerID, name: name, createdAt: now, updatedAt: now)
            try list.insert(db)
            try outbox.record(
                signal: .bucketlistCreated,
                actor: Self.actor(user),
                subject: Self.subject(list),
                requestID: requestID
            )
            return list
        } postgres: { connection, outbox in
            var list = Bucketlist(ownerId: ownerID, name: name, createdAt: now, updatedAt: now)
            list.id = try await PostgresRows.integer(
                """
                INSERT INTO bucketlists (owner_id, name, created_at, updated_at)
                VALUES (\(ownerID), \(name), \(now), \(now)) RETURNING id
                """, connection, logger: logger)
            try outbox.record(
                signal: .bucketlistCreated, actor: Self.actor(user), subject: Self.subject(list), requestID: requestID)
            return list
        }
    }

    /// Renames a list and records `bucketlist.updated` with the name's old and new values; renaming it to the
    /// name it has changes nothing and records nothing.
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/invalidInput(field:message:)`` as for
    ///   ``createList(named:by:requestID:)``.
    public func renameList(id: Int64, to name: String, by user: User, requestID: String? = nil) async throws
        -> Bucketlist
    {
        try Self.validateName(name)
        let now = clock()
        let ownerID = user.id ?? 0
        let logger = logger
        return try await commit { db, outbox in
            var list = try Self.ownedList(db, id: id, ownerID: ownerID)
            guard list.name != name else { return list }
            let oldName = list.name
            list.name = name
            list.updatedAt = now
            try list.update(db)
            try outbox.record(
                signal: .bucketlistUpdated,
                actor: Self.actor(user),
                subject: Self.subject(list),
                changes: [SignalRecord.FieldChange(field: "name", old: .string(oldName), new: .string(name))],
                requestID: requestID
            )
            return list
        } postgres: { connection, outbox in
            var list = try await PostgresRows.ownedList(
                id: id, ownerID: ownerID, lock: .update, connection, logger: logger)
            guard list.name != name else { return list }
            let oldName = list.name
            list.name = name
            list.updatedAt = now
            try await connection.query(
                "UPDATE bucketlists SET name = \(name), updated_at = \(now) WHERE id = \(id)", logger: logger)
            try outbox.record(
                signal: .bucketlistUpdated,
                actor: Self.actor(user),
                subject: Self.subject(list),
                changes: [SignalRecord.FieldChange(field: "name", old: .string(oldName), new: .string(name))],
                requestID: requestID
            )
            return list
        }
    }

    /// Deletes a list and its items.
    ///
    /// Records one `item.deleted` per item (by item id, each with the list as parent), then one
    /// `bucketlist.deleted`: a record per row the operation removes, as the record format asks, so that a
    /// reader counting items sees them go.
    ///
    /// - Throws: ``StoreError/notFound(_:)``.
    public func deleteList(id: Int64, by user: User, requestID: String? = nil) async throws {
        let ownerID = user.id ?? 0
        let logger = logger
        try await commit { db, outbox in
            let list = try Self.ownedList(db, id: id, ownerID: ownerID)
            let items = try Self.items(db, listID: id)
            for item in items {
                try Self.delete(item, of: list, by: user, requestID: requestID, db, outbox: &outbox)
            }
            try list.delete(db)
            try outbox.record(
                signal: .bucketlistDeleted,
                actor: Self.actor(user),
                subject: Self.subject(list),
                requestID: requestID
            )
        } postgres: { connection, outbox in
            // The list's row lock waits for item edits in flight (they hold it FOR SHARE) and keeps new ones out,
            // so the items read here are exactly the ones the delete removes.
            let list = try await PostgresRows.ownedList(
                id: id, ownerID: ownerID, lock: .update, connection, logger: logger)
            let items = try await PostgresRows.items(listID: id, connection, logger: logger)
            for item in items {
                try outbox.record(
                    signal: .itemDeleted, actor: Self.actor(user), subject: Self.subject(item),
                    parent: Self.subject(list), requestID: requestID)
            }
            try await connection.query("DELETE FROM bucketlists WHERE id = \(id)", logger: logger)
            try outbox.record(
                signal: .bucketlistDeleted, actor: Self.actor(user), subject: Self.subject(list), requestID: requestID)
        }
    }

    static func ownedList(_ db: Database, id: Int64, ownerID: Int64) throws -> Bucketlist {
        guard let list = try Bucketlist.fetchOne(db, key: id), list.ownerId == ownerID else {
            throw StoreError.notFound("no bucketlist with id \(id)")
        }
        return list
    }

    /// The items of a list, by id.
    static func items(_ db: Database, listID: Int64) throws -> [Item] {
        try Item.filter(Item.Columns.bucketlistId == listID).order(Item.Columns.id).fetchAll(db)
    }

    static func subject(_ list: Bucketlist) -> SignalRecord.Subject {
        SignalRecord.Subject(type: "bucketlist", id: list.id ?? 0, title: list.name)
    }

    static func subject(_ item: Item) -> SignalRecord.Subject {
        SignalRecord.Subject(type: "item", id: item.id ?? 0, title: item.name)
    }

    private static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
