import Bucketlists
import Foundation
import Hummingbird

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
