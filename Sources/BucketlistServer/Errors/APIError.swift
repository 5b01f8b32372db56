import Foundation
import Hummingbird

/// An error answered to the client as `{"error": {"code": …, "message": …}}` with its status.
///
/// `code` is a stable, machine-readable word (`invalid_json`, `missing_field`, `not_found`, …); `message` is a
/// sentence for people. Neither ever contains a password or a token.
struct APIError: HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var headers: HTTPFields = [:]

    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }

        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Body(error: Body.Detail(code: code, message: message)))
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    var description: String { "\(status.code) \(code): \(message)" }

    static func badRequest(_ code: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    static func notFound(_ message: String = "not found") -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    /// 401 with a challenge naming the schemes the route accepts (`Bearer`, or `Basic realm="…"`).
    static func unauthorized(_ message: String, challenge: String) -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: challenge])
    }

    /// 429: too many failed attempts lately; `Retry-After` says in how many seconds to try again.
    static func tooManyRequests(retryAfter seconds: TimeInterval) -> APIError {
        let wait = max(1, Int(seconds.rounded(.up)))
        return APIError(
            status: .tooManyRequests, code: "too_many_attempts",
            message: "too many failed attempts; try again in \(wait) seconds",
            headers: [.retryAfter: String(wait)])
    }

    /// 503: the server cannot check a password now; `Retry-After: 1`.
    static func busy() -> APIError {
        APIError(
            status: .serviceUnavailable, code: "busy", message: "the server is busy; try again in a moment",
            headers: [.retryAfter: "1"])
    }

    static func forbidden(_ message: String) -> APIError {
        APIError(status: .forbidden, code: "forbidden", message: message)
    }
}
