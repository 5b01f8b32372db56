import Bucketlists
import Hummingbird
import Logging

/// Turns every error into the API's error shape, so that clients see one format whatever failed.
///
/// Store errors map to 400 (invalid input), 404 (not found, including someone else's list), 409 (a taken
/// username) and 503 (too many password checks running); Hummingbird's own errors (no route, body too large)
/// keep their status; anything else is a 500 whose details go only to the server log.
struct ErrorFormatMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw Self.apiError(for: error)
        } catch let error as HTTPError {
            throw APIError(
                status: error.status,
                code: Self.code(for: error.status),
                message: error.body ?? error.status.reasonPhrase,
                headers: error.headers
            )
        } catch let error as any HTTPResponseError {
            throw APIError(status: error.status, code: Self.code(for: error.status), message: error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw APIError(status: .internalServerError, code: "internal_error", message: "internal server error")
        }
    }

    static func apiError(for error: StoreError) -> APIError {
        if error == .notFound() { return APIError.notFound(error.message) }
        if error == .usernameTaken() {
            return APIError(status: .conflict, code: "username_taken", message: error.message)
        }
        if error == .invalidInput() { return APIError.badRequest("invalid_field", error.description) }
        if error == .busy() { return APIError.busy() }
        return APIError(status: .internalServerError, code: "internal_error", message: "internal server error")
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "body_too_large"
        case .requestTimeout: "request_timeout"
        default: status.code >= 500 ? "internal_error" : "http_\(status.code)"
        }
    }
}
