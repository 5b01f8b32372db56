import Bucketlists
import Foundation
import Hummingbird

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
