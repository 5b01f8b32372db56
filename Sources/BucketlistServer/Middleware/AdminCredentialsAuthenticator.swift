import Bucketlists
import Hummingbird
import HummingbirdAuth

/// Authenticates a request for `/admin/` by any of the three credentials an admin (or a feed reader) can
/// present: a bearer token, HTTP Basic (username and password), or a personal feed token in `?token=`.
///
/// Credentials that do not match leave the request anonymous (401 follows); they are never logged.
struct AdminCredentialsAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let store: BucketlistStore

    func authenticate(request: Request, context: AppRequestContext) async throws -> User? {
        if let bearer = request.headers.bearer {
            return try await store.user(bearerToken: bearer.token)
        }
        if let basic = request.headers.basic {
            return try await store.authenticate(username: basic.username, password: basic.password)
        }
        if let token = request.uri.queryParameters["token"], !token.isEmpty {
            return try await store.user(feedToken: String(token))
        }
        return nil
    }
}
