import Bucketlists
import Hummingbird

/// Lets only authenticated requests through; others get 401 with `challenge` in `WWW-Authenticate`.
///
/// With `role: .admin`, an authenticated user who is not an admin gets 403.
struct RequireUserMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The `WWW-Authenticate` value of a 401, naming the schemes the routes accept.
    let challenge: String
    /// The role the routes need; `.user` admits every authenticated user.
    var role: User.Role = .user

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    )
        async throws -> Response
    {
        guard let user = context.identity else {
            throw APIError.unauthorized("missing or invalid credentials", challenge: challenge)
        }
        if role == .admin, user.role != .admin {
            throw APIError.forbidden("only admins may see this")
        }
        return try await next(request, context)
    }
}
