import Bucketlists
import Foundation
import Hummingbird

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
