import Bucketlists
import Hummingbird

/// `POST /auth/register` and `POST /auth/login`: open to anyone.
struct AuthController {
    let store: BucketlistStore

    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("register", use: register)
        routes.post("login", use: login)
        return routes
    }

    /// 201 with the new user; 400 for a bad username or password, 409 for a taken username.
    func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<UserResponse> {
        let body = try await request.decodeJSONBody(as: CredentialsBody.self, context: context)
        let user = try await store.register(username: body.username, password: body.password, requestID: context.id)
        return EditedResponse(status: .created, response: UserResponse(user))
    }

    /// 200 with a new bearer token and its expiry; 401 for a wrong username or password (not told apart).
    func login(_ request: Request, context: AppRequestContext) async throws -> TokenResponse {
        let body = try await request.decodeJSONBody(as: CredentialsBody.self, context: context)
        guard let user = try await store.authenticate(username: body.username, password: body.password) else {
            throw APIError(status: .unauthorized, code: "invalid_credentials", message: "wrong username or password")
        }
        let issued = try await store.issueToken(for: user)
        return TokenResponse(token: issued.token, expiresAt: issued.expiresAt)
    }
}
