/// `POST /bucketlists`, `PUT /bucketlists/{id}` and `POST /bucketlists/{id}/items`.
struct NameBody: Decodable {
    var name: String
}
