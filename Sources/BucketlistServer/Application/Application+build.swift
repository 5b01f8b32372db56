import Bucketlists
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the router: the defensive headers, request logging and the error format around every route, then
/// the routes of ``AuthController`` (`/auth`), ``BucketlistController`` (`/bucketlists`) and
/// ``AdminFeedController`` (`/admin`), plus `GET /health` for readiness checks.
///
/// `clock` is the time the sign-in throttle and the Basic cache count with (tests may move it).
func buildRouter(
    store: BucketlistStore, settings: ServerSettings, clock: @escaping @Sendable () -> Date = { Date() }
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorFormatMiddleware())
    router.get("health") { _, _ in "ok" }
    let signIn = SignInGuard(
        store: store,
        throttle: SignInThrottle(limits: settings.signInLimits, clock: clock),
        addresses: ClientAddressResolver(trustedProxies: settings.trustedProxies)
    )
    let basicCache = BasicCredentialCache(clock: clock)
    router.addRoutes(AuthController(store: store, signIn: signIn, basicCache: basicCache).routes, atPath: "auth")
    router.addRoutes(BucketlistController(store: store).routes, atPath: "bucketlists")
    let directory = FeedDirectory(path: settings.feedDirectory)
    router.addRoutes(
        AdminFeedController(store: store, directory: directory, signIn: signIn, basicCache: basicCache).routes,
        atPath: "admin")
    return router
}

/// Builds the application that serves ``buildRouter(store:settings:clock:)`` on the configured address and
/// runs `services` (the log relay, the outbox poll) in its service group.
///
/// A connection without a complete request head after ``ServerSettings/requestHeadTimeout`` is closed, so
/// slow clients cannot hold every descriptor. The group shuts services down in reverse order, so the HTTP
/// server stops first (its requests in flight finish and commit) and `services` after it, last one first.
func buildApplication(
    store: BucketlistStore,
    settings: ServerSettings,
    logger: Logger,
    services: [any Service] = []
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store, settings: settings),
        server: .http1(configuration: .init(idleTimeout: .seconds(settings.requestHeadTimeout))),
        configuration: .init(
            address: .hostname(settings.hostname, port: settings.port), serverName: "bucketlist-server"),
        services: services,
        logger: logger
    )
}
