import Foundation
import GRDB
import PostgresNIO
import SignalLog

extension BucketlistStore {
    /// Adds an item to a list `user` owns and records `item.created` with the list as parent.
    ///
    /// - Throws: ``StoreError/notFound(_:)``; ``StoreError/invalidInput(field:message:)`` as for
    ///   ``createList(named:by:requestID:)``.
    public func addItem(named name: String, toList listID: Int64, by user: User, requestID: String? = nil)
        async throws -> Item
    {
        try Self.validateName(name)
        let now = clock()
        let ownerID = user.id ?? 0
        let logger = logger
        return try await commit { db, outbox in
            let list = try Self.ownedList(db, id: listID, ownerID: ownerID)
            var item = Item(bucketlistId: listID, name: name, done: false, createdAt: now, updatedAt: now)
            try item.insert(db)
            try outbox.record(
                signal: .itemCreated,
                actor: Self.actor(user),
                subject: Self.subject(item),
                parent: Self.subject(list),
                requestID: requestID
            )
            return item
        } postgres: { connection, outbox in
            let list = try await PostgresRows.ownedList(
                id: listID, ownerID: ownerID, lock: .share, connection, logger: logger)
            var item = Item(bucketlistId: listID, name: name, done: false, createdAt: now, updatedAt: now)
            item.id = try await PostgresRows.integer(
                """
                INSERT INTO items (bucketlist_id, name, done, created_at, updated_at)
                VALUES (\(listID), \(name), FALSE, \(now), \(now)) RETURNING id
                """, connection, logger: logger)
            try outbox.record(
                signal: .itemCreated,
                actor: Self.actor(user),
                subject: Self.subject(item),
                parent: Self.subject(list),
                requestID: requestID
            )
            return item
        }
    }

    /// Changes an item's name and/or done flag and records `item.updated` with only the fields that really
    /// changed; an update that changes nothing writes nothing and records nothing.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when the list is not the user's or the item is not on it;
    ///   ``StoreError/invalidInput(field:message:)`` as for ``createList(named:by:requestID:)``.
    public func updateItem(
        id itemID: Int64,
        inList listID: Int64,
        name: String? = nil,
        done: Bool? = nil,
        by user: User,
        requestID: String? = nil
    ) async throws -> Item {
        if let name { try Self.validateName(name) }
        let now = clock()
        let ownerID = user.id ?? 0
        let logger = logger
        return try await commit { db, outbox in
            let list = try Self.ownedList(db, id: listID, ownerID: ownerID)
            var item = try Self.item(db, id: itemID, listID: listID)
            let changes = Self.apply(name: name, done: done, to: &item)
            guard !changes.isEmpty else { return item }
            item.updatedAt = now
            try item.update(db)
            try outbox.record(
                signal: .itemUpdated,
                actor: Self.actor(user),
                subject: Self.subject(item),
                parent: Self.subject(list),
                changes: changes,
                requestID: requestID
            )
            return item
        } postgres: { connection, outbox in
            // The list is locked before the item, in every transaction, so two of them never deadlock; the item's
            // row lock makes a concurrent edit wait and then see this one's values: no lost update.
            let list = try await PostgresRows.ownedList(
                id: listID, ownerID: ownerID, lock: .share, connection, logger: logger)
            var item = try await PostgresRows.itemForUpdate(id: itemID, listID: listID, connection, logger: logger)
            let changes = Self.apply(name: name, done: done, to: &item)
            guard !changes.isEmpty else { return item }
            item.updatedAt = now
            try await connection.query(
                "UPDATE items SET name = \(item.name), done = \(item.done), updated_at = \(now) WHERE id = \(itemID)",
                logger: logger)
            try outbox.record(
                signal: .itemUpdated,
                actor: Self.actor(user),
                subject: Self.subject(item),
                parent: Self.subject(list),
                changes: changes,
                requestID: requestID
            )
            return item
        }
    }

    /// Sets the item's name and done flag where they differ, and returns the fields that really changed.
    static func apply(name: String?, done: Bool?, to item: inout Item) -> [SignalRecord.FieldChange] {
        var changes: [SignalRecord.FieldChange] = []
        if let name, name != item.name {
            changes.append(SignalRecord.FieldChange(field: "name", old: .string(item.name), new: .string(name)))
            item.name = name
        }
        if let done, done != item.done {
            changes.append(SignalRecord.FieldChange(field: "done", old: .bool(item.done), new: .bool(done)))
            item.done = done
        }
        return changes
    }

    /// Deletes an item and records `item.deleted` (its title as it was) with the list as parent.
    ///
    /// - Throws: ``StoreError/notFound(_:)``.
    public func deleteItem(id itemID: Int64, inList listID: Int64, by user: User, requestID: String? = nil)
        async throws
    {
        let ownerID = user.id ?? 0
        let logger = logger
        try await commit { db, outbox in
            let list = try Self.ownedList(db, id: listID, ownerID: ownerID)
            let item = try Self.item(db, id: itemID, listID: listID)
            try Self.delete(item, of: list, by: user, requestID: requestID, db, outbox: &outbox)
        } postgres: { connection, outbox in
            let list = try await PostgresRows.ownedList(
                id: listID, ownerID: ownerID, lock: .share, connection, logger: logger)
            let item = try await PostgresRows.itemForUpdate(id: itemID, listID: listID, connection, logger: logger)
            try await connection.query("DELETE FROM items WHERE id = \(itemID)", logger: logger)
            try outbox.record(
                signal: .itemDeleted,
                actor: Self.actor(user),
                subject: Self.subject(item),
                parent: Self.subject(list),
                requestID: requestID
            )
        }
    }

    /// Deletes `item` of `list` and appends its `item.deleted` record: one item removed, alone or with its list.
    static func delete(
        _ item: Item,
        of list: Bucketlist,
        by user: User,
        requestID: String?,
        _ db: Database,
        outbox: inout Outbox
    ) throws {
        try item.delete(db)
        try outbox.record(
            signal: .itemDeleted,
            actor: actor(user),
            subject: subject(item),
            parent: subject(list),
            requestID: requestID
        )
    }

    static func item(_ db: Database, id: Int64, listID: Int64) throws -> Item {
        guard let item = try Item.fetchOne(db, key: id), item.bucketlistId == listID else {
            throw StoreError.notFound("no item with id \(id) in bucketlist \(listID)")
        }
        return item
    }
}
