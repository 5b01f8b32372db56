import Bucketlists
import Hummingbird
import HummingbirdAuth

/// Authenticates `Authorization: Bearer <token>` against the stored token digests.
///
/// An unknown or expired token leaves the request anonymous; ``RequireUserMiddleware`` then answers 401.
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let store: BucketlistStore

    func authenticate(request: Request, context: AppRequestContext) async throws -> User? {
        guard let bearer = request.headers.bearer else { return nil }
        return try await store.user(bearerToken: bearer.token)
    }
}
