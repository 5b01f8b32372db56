import Foundation

/// The shapes the tests read back.
struct ListBody: Decodable {
    var id: Int64
    var name: String
    var items: [ItemBody]?
}

struct ItemBody: Decodable {
    var id: Int64
    var bucketlistId: Int64
    var name: String
    var done: Bool
}

struct PageBody: Decodable {
    var bucketlists: [ListBody]
    var page: Int
    var perPage: Int
    var total: Int
}

struct TokenBody: Decodable {
    var token: String
    var expiresAt: Date
}

struct UserBody: Decodable {
    var id: Int64
    var username: String
    var role: String
}
