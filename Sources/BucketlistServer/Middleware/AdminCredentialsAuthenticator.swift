import Bucketlists
import Hummingbird
import HummingbirdAuth

/// Authenticates a request for `/admin/` by any of the three credentials an admin (or a feed reader) can
/// present: a bearer token, HTTP Basic (username and password), or a personal feed token in `?token=`.
///
/// Basic goes through ``SignInGuard`` (throttled before bcrypt, logged), and a verified header is
/// remembered briefly (``BasicCredentialCache``) so a polling feed reader does not cost a bcrypt per poll.
/// A feed token opens the feeds only (`*.atom`, `feed.json`), not the page. Credentials that do not match
/// leave the request anonymous (401 follows); they are never logged.
struct AdminCredentialsAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let store: BucketlistStore
    let signIn: SignInGuard
    let basicCache: BasicCredentialCache

    func authenticate(request: Request, context: AppRequestContext) async throws -> User? {
        if let bearer = request.headers.bearer {
            return try await store.user(bearerToken: bearer.token)
        }
        if let basic = request.headers.basic, let header = request.headers[.authorization] {
            if let cached = basicCache.lookup(header: header),
                let user = try await store.user(named: cached.username), user.id == cached.userID
            {
                return user
            }
            let user = try await signIn.signIn(
                username: basic.username, password: basic.password, route: "/admin/ (Basic)", request: request,
                context: context)
            if let user { basicCache.store(header: header, user: user) }
            return user
        }
        if let token = request.uri.queryParameters["token"], !token.isEmpty, Self.isFeed(request.uri.path) {
            return try await store.user(feedToken: String(token))
        }
        return nil
    }

    /// Whether `path` names a feed a feed token may open: an Atom document or the JSON Feed.
    static func isFeed(_ path: String) -> Bool {
        path.hasSuffix(".atom") || path.hasSuffix("/feed.json")
    }
}
