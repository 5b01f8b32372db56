import Foundation
import Hummingbird

extension Request {
    /// Decodes the JSON body as `Body`, answering 400 with a precise code when it cannot:
    /// `invalid_json` (not JSON, or not an object), `missing_field`, or `invalid_field` (wrong type or null).
    func decodeJSONBody<Body: Decodable>(as type: Body.Type, context: AppRequestContext) async throws -> Body {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError.badRequest("missing_field", "the field '\(key.stringValue)' is required")
        } catch DecodingError.valueNotFound(_, let context) {
            throw APIError.badRequest("invalid_field", "the field '\(Self.path(context))' must not be null")
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            throw APIError.badRequest("invalid_field", "the field '\(Self.path(context))' has the wrong type")
        } catch {
            throw APIError.badRequest("invalid_json", "the request body must be a JSON object")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}
