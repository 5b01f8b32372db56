import HTTPTypes
import Hummingbird

/// Adds the defensive headers to every response, errors included.
///
/// - Every response: `X-Content-Type-Options: nosniff`.
/// - `/admin/…`: a `Content-Security-Policy` that allows scripts and styles from the server only (no inline
///   code), frames from nowhere; `X-Frame-Options: DENY`; `Referrer-Policy: no-referrer`.
/// - `/auth/…` (the login answer carries a token) and any request with `?token=`:
///   `Cache-Control: private, no-store`, so no cache keeps a credential or what it opened.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy of the admin page: its script and style come from files next to it.
    static var adminContentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        let path = request.uri.path
        response.headers[.xContentTypeOptions] = "nosniff"
        if path == "/admin" || path.hasPrefix("/admin/") {
            response.headers[.contentSecurityPolicy] = Self.adminContentSecurityPolicy
            response.headers[.xFrameOptions] = "DENY"
            response.headers[.referrerPolicy] = "no-referrer"
        }
        if path.hasPrefix("/auth/") || request.uri.queryParameters["token"] != nil {
            response.headers[.cacheControl] = "private, no-store"
        }
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
