import Bucketlists
import Hummingbird
import HummingbirdAuth

/// `POST /auth/register` and `POST /auth/login`, open to anyone; `POST /auth/logout` and
/// `POST /auth/logout-all`, for the holder of a bearer token.
///
/// Logins go through ``SignInGuard`` (throttled before bcrypt, logged); registrations are limited per client
/// address.
struct AuthController {
    let store: BucketlistStore
    let signIn: SignInGuard
    let basicCache: BasicCredentialCache

    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("register", use: register)
        routes.post("login", use: login)
        routes.group()
            .add(middleware: BearerTokenAuthenticator(store: store))
            .add(middleware: RequireUserMiddleware(challenge: "Bearer"))
            .post("logout", use: logout)
            .post("logout-all", use: logoutAll)
        return routes
    }

    /// 201 with the new user; 400 for a bad username or password, 409 for a taken username, 429 when the
    /// client's address has registered too often lately.
    func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<UserResponse> {
        if let wait = signIn.throttle.admitRegistration(from: signIn.clientAddress(request, context: context)) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        let body = try await request.decodeJSONBody(as: CredentialsBody.self, context: context)
        let user = try await store.register(username: body.username, password: body.password, requestID: context.id)
        return EditedResponse(status: .created, response: UserResponse(user))
    }

    /// 200 with a new bearer token and its expiry; 401 for a wrong username or password (not told apart);
    /// 429 with `Retry-After` after too many failures for the username or the address.
    func login(_ request: Request, context: AppRequestContext) async throws -> TokenResponse {
        let body = try await request.decodeJSONBody(as: CredentialsBody.self, context: context)
        guard
            let user = try await signIn.signIn(
                username: body.username, password: body.password, route: "/auth/login", request: request,
                context: context)
        else {
            throw APIError(status: .unauthorized, code: "invalid_credentials", message: "wrong username or password")
        }
        let issued = try await store.issueToken(for: user)
        return TokenResponse(token: issued.token, expiresAt: issued.expiresAt)
    }

    /// 204: the presented bearer token no longer opens anything.
    func logout(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        if let bearer = request.headers.bearer {
            try await store.revoke(bearerToken: bearer.token)
        }
        return .noContent
    }

    /// 204: every token of the user (bearer and feed) no longer opens anything, and no cached Basic
    /// verification of theirs is used again.
    func logoutAll(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let userID = try context.requireIdentity().id ?? 0
        try await store.revokeAllTokens(ofUserID: userID)
        basicCache.forget(userID: userID)
        return .noContent
    }
}
