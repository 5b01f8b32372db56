import Bucketlists
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Checks a username and password for `/auth/login` and for HTTP Basic on `/admin/`, the same way for both:
/// throttled before bcrypt runs, and logged as an authentication event.
///
/// Every attempt is logged as `login failed` or `login succeeded` with the username (sanitised), the reason,
/// the route and the client address; never the password.
struct SignInGuard: Sendable {
    let store: BucketlistStore
    let throttle: SignInThrottle
    let addresses: ClientAddressResolver

    /// The address the request comes from (see ``ClientAddressResolver``).
    func clientAddress(_ request: Request, context: AppRequestContext) -> String {
        addresses.clientAddress(
            peer: context.peerAddress, forwardedFor: request.headers[values: HTTPField.Name("X-Forwarded-For")!])
    }

    /// The user whose password this is, or nil when the username or password is wrong.
    ///
    /// - Throws: ``APIError`` 429 with `Retry-After` when the username or the address has failed too often
    ///   lately (bcrypt does not run); 503 with `Retry-After` when too many password checks are running.
    func signIn(username: String, password: String, route: String, request: Request, context: AppRequestContext)
        async throws -> User?
    {
        let address = clientAddress(request, context: context)
        var metadata: Logger.Metadata = [
            "username": "\(LogText.sanitized(username))", "address": "\(address)", "route": "\(route)",
        ]
        if let wait = throttle.retryAfter(username: username, address: address) {
            metadata["reason"] = "throttled"
            context.logger.notice("login failed", metadata: metadata)
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        let user: User?
        do {
            user = try await store.authenticate(username: username, password: password)
        } catch let error as StoreError where error == .busy() {
            metadata["reason"] = "busy"
            context.logger.warning("login failed", metadata: metadata)
            throw APIError.busy()
        }
        guard let user else {
            throttle.recordFailure(username: username, address: address)
            metadata["reason"] = "wrong username or password"
            context.logger.notice("login failed", metadata: metadata)
            return nil
        }
        throttle.recordSuccess(username: username)
        context.logger.info("login succeeded", metadata: metadata)
        return user
    }
}
