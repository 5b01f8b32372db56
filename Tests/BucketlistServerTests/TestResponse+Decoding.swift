import Foundation
import Hummingbird
import HummingbirdTesting

extension TestResponse {
    /// The body decoded as `Body`.
    func decoded<Body: Decodable>(_ type: Body.Type = Body.self) throws -> Body {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Body.self, from: Data(body.readableBytesView))
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    /// The `error.code` of an error body, or nil when the body is not one.
    var errorCode: String? { try? decoded(ErrorBody.self).error.code }

    /// The `error.message` of an error body, or nil when the body is not one.
    var errorMessage: String? { try? decoded(ErrorBody.self).error.message }

    var text: String { String(buffer: body) }
}
