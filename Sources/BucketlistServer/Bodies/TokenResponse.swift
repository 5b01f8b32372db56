import Foundation
import Hummingbird

/// The answer to a login: the bearer token, shown this once.
struct TokenResponse: ResponseEncodable {
    var token: String
    var expiresAt: Date
}
