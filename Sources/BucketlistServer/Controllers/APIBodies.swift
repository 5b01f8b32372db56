import Bucketlists
import Foundation
import Hummingbird

/// `POST /auth/register` and `POST /auth/login`.
struct CredentialsBody: Decodable {
    var username: String
    var password: String
}

/// `POST /bucketlists`, `PUT /bucketlists/{id}` and `POST /bucketlists/{id}/items`.
struct NameBody: Decodable {
    var name: String
}

/// `PUT /bucketlists/{id}/items/{item_id}`: either field may be left out.
struct ItemChangesBody: Decodable {
    var name: String?
    var done: Bool?
}

/// A user as the API shows it (never the password hash).
struct UserResponse: ResponseEncodable {
    var id: Int64
    var username: String
    var role: String
    var createdAt: Date

    init(_ user: User) {
        self.id = user.id ?? 0
        self.username = user.username
        self.role = user.role.rawValue
        self.createdAt = user.createdAt
    }
}

/// The answer to a login: the bearer token, shown this once.
struct TokenResponse: ResponseEncodable {
    var token: String
    var expiresAt: Date
}

/// An item as the API shows it.
struct ItemResponse: ResponseEncodable {
    var id: Int64
    var bucketlistId: Int64
    var name: String
    var done: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ item: Item) {
        self.id = item.id ?? 0
        self.bucketlistId = item.bucketlistId
        self.name = item.name
        self.done = item.done
        self.createdAt = item.createdAt
        self.updatedAt = item.updatedAt
    }
}

/// A bucketlist as the API shows it; `items` only where the route says so.
struct BucketlistResponse: ResponseEncodable {
    var id: Int64
    var name: String
    var createdAt: Date
    var updatedAt: Date
    var items: [ItemResponse]?

    init(_ list: Bucketlist, items: [Item]? = nil) {
        self.id = list.id ?? 0
        self.name = list.name
        self.createdAt = list.createdAt
        self.updatedAt = list.updatedAt
        self.items = items?.map(ItemResponse.init)
    }
}

/// One page of lists with the total across pages.
struct BucketlistPageResponse: ResponseEncodable {
    var bucketlists: [BucketlistResponse]
    var page: Int
    var perPage: Int
    var total: Int

    init(_ page: ListPage) {
        self.bucketlists = page.lists.map { BucketlistResponse($0) }
        self.page = page.page
        self.perPage = page.perPage
        self.total = page.total
    }
}
