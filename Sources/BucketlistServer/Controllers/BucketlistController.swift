import Bucketlists
import Hummingbird
import HummingbirdAuth

/// The bucketlist and item routes, for authenticated users on their own lists only.
///
/// A list that is someone else's answers 404 exactly like a missing one. Admins have no special rights here.
struct BucketlistController {
    let store: BucketlistStore

    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: BearerTokenAuthenticator(store: store))
        routes.add(middleware: RequireUserMiddleware(challenge: "Bearer"))
        routes.get(use: index)
        routes.post(use: create)
        routes.get(":id", use: show)
        routes.put(":id", use: rename)
        routes.delete(":id", use: delete)
        routes.post(":id/items", use: addItem)
        routes.put(":id/items/:item_id", use: updateItem)
        routes.delete(":id/items/:item_id", use: deleteItem)
        return routes
    }

    /// `GET /bucketlists?q=&page=&per_page=`: the caller's lists, by id, paginated (`per_page` ≤ 100).
    func index(_ request: Request, context: AppRequestContext) async throws -> BucketlistPageResponse {
        let user = try context.requireIdentity()
        let query = request.uri.queryParameters
        let page = try Self.integer(query["page"], name: "page") ?? 1
        let perPage = try Self.integer(query["per_page"], name: "per_page") ?? 20
        let search = query["q"].map(String.init)
        return BucketlistPageResponse(
            try await store.lists(ownedBy: user, matching: search, page: page, perPage: perPage))
    }

    /// `POST /bucketlists` `{name}`: 201 with the new list.
    func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<BucketlistResponse> {
        let user = try context.requireIdentity()
        let body = try await request.decodeJSONBody(as: NameBody.self, context: context)
        let list = try await store.createList(named: body.name, by: user, requestID: context.id)
        return EditedResponse(status: .created, response: BucketlistResponse(list, items: []))
    }

    /// `GET /bucketlists/{id}`: the list with its items.
    func show(_ request: Request, context: AppRequestContext) async throws -> BucketlistResponse {
        let user = try context.requireIdentity()
        let detail = try await store.list(id: try Self.id("id", context), ownedBy: user)
        return BucketlistResponse(detail.list, items: detail.items)
    }

    /// `PUT /bucketlists/{id}` `{name}`: the renamed list.
    func rename(_ request: Request, context: AppRequestContext) async throws -> BucketlistResponse {
        let user = try context.requireIdentity()
        let id = try Self.id("id", context)
        let body = try await request.decodeJSONBody(as: NameBody.self, context: context)
        let list = try await store.renameList(id: id, to: body.name, by: user, requestID: context.id)
        return BucketlistResponse(list)
    }

    /// `DELETE /bucketlists/{id}`: 204; the list's items go with it.
    func delete(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let user = try context.requireIdentity()
        try await store.deleteList(id: try Self.id("id", context), by: user, requestID: context.id)
        return .noContent
    }

    /// `POST /bucketlists/{id}/items` `{name}`: 201 with the new item.
    func addItem(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<ItemResponse> {
        let user = try context.requireIdentity()
        let listID = try Self.id("id", context)
        let body = try await request.decodeJSONBody(as: NameBody.self, context: context)
        let item = try await store.addItem(named: body.name, toList: listID, by: user, requestID: context.id)
        return EditedResponse(status: .created, response: ItemResponse(item))
    }

    /// `PUT /bucketlists/{id}/items/{item_id}` `{name?, done?}`: the item after the change.
    func updateItem(_ request: Request, context: AppRequestContext) async throws -> ItemResponse {
        let user = try context.requireIdentity()
        let listID = try Self.id("id", context)
        let itemID = try Self.id("item_id", context)
        let body = try await request.decodeJSONBody(as: ItemChangesBody.self, context: context)
        let item = try await store.updateItem(
            id: itemID,
            inList: listID,
            name: body.name,
            done: body.done,
            by: user,
            requestID: context.id
        )
        return ItemResponse(item)
    }

    /// `DELETE /bucketlists/{id}/items/{item_id}`: 204.
    func deleteItem(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let user = try context.requireIdentity()
        let listID = try Self.id("id", context)
        let itemID = try Self.id("item_id", context)
        try await store.deleteItem(id: itemID, inList: listID, by: user, requestID: context.id)
        return .noContent
    }

    /// A path id; anything but a positive integer names no list or item, so it answers 404.
    private static func id(_ name: String, _ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get(name, as: Int64.self), id > 0 else {
            throw APIError.notFound("no such \(name == "id" ? "bucketlist" : "item")")
        }
        return id
    }

    private static func integer(_ text: Substring?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            throw APIError.badRequest("invalid_field", "the query parameter '\(name)' must be an integer")
        }
        return value
    }
}
