import Foundation
import GRDB
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
        return try await database.writer.read { db in
            var request = Bucketlist.filter(Bucketlist.Columns.ownerId == ownerID)
            if let query, !query.isEmpty {
                request = request.filter(sql: "name LIKE ? ESCAPE '\\'", arguments: ["%\(Self.escapeLike(query))%"])
            }
            let total = try request.fetchCount(db)
            let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
            let lists =
                overflow || offset >= total
                ? []
                : try request.order(Bucketlist.Columns.id).limit(perPage, offset: offset).fetchAll(db)
            return ListPage(lists: lists, page: page, perPage: perPage, total: total)
        }
    }

    /// The list `id` with its items, if `user` owns it.
    ///
    /// - Throws: ``StoreError/notFound(_:)`` when it does not exist or belongs to someone else.
    public func list(id: Int64, ownedBy user: User) async throws -> ListDetail {
        let ownerID = user.id ?? 0
        return try await database.writer.read { db in
            let list = try Self.ownedList(db, id: id, ownerID: ownerID)
            let items = try Self.items(db, listID: id)
            return ListDetail(list: list, items: items)
        }
    }

    /// Creates a list owned by `user` and records `bucketlist.created`.
    ///
    /// - Throws: ``StoreError/invalidInput(field:message:)`` for an empty name or one over
    ///   ``maximumNameCodePoints`` code points or ``maximumNameBytes`` bytes, or a record too long to log.
    public func createList(named name: String, by user: User, requestID: String? = nil) async throws -> Bucketlist {
        try Self.validateName(name)
        let now = clock()
        return try await commit { db, outbox in
            var list = Bucketlist(ownerId: user.id ?? 0, name: name, createdAt: now, updatedAt: now)
            try list.insert(db)
            try outbox.append(
                db,
                signal: .bucketlistCreated,
                actor: Self.actor(user),
                subject: Self.subject(list),
                requestID: requestID
            )
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
        return try await commit { db, outbox in
            var list = try Self.ownedList(db, id: id, ownerID: user.id ?? 0)
            guard list.name != name else { return list }
            let oldName = list.name
            list.name = name
            list.updatedAt = now
            try list.update(db)
            try outbox.append(
                db,
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
        try await commit { db, outbox in
            let list = try Self.ownedList(db, id: id, ownerID: user.id ?? 0)
            let items = try Self.items(db, listID: id)
            for item in items {
                try Self.delete(item, of: list, by: user, requestID: requestID, db, outbox: &outbox)
            }
            try list.delete(db)
            try outbox.append(
                db,
                signal: .bucketlistDeleted,
                actor: Self.actor(user),
                subject: Self.subject(list),
                requestID: requestID
            )
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
