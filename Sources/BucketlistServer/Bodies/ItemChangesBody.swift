/// `PUT /bucketlists/{id}/items/{item_id}`: either field may be left out.
struct ItemChangesBody: Decodable {
    var name: String?
    var done: Bool?
}
