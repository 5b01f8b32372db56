import Bucketlists
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the router: request logging and the error format around every route, then the routes of
/// ``AuthController`` (`/auth`), ``BucketlistController`` (`/bucketlists`) and ``AdminFeedController``
/// (`/admin`), plus `GET /health` for readiness checks.
func buildRouter(store: BucketlistStore, settings: ServerSettings) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorFormatMiddleware())
    router.get("health") { _, _ in "ok" }
    router.addRoutes(AuthController(store: store).routes, atPath: "auth")
    router.addRoutes(BucketlistController(store: store).routes, atPath: "bucketlists")
    let directory = FeedDirectory(path: settings.feedDirectory)
    router.addRoutes(AdminFeedController(store: store, directory: directory).routes, atPath: "admin")
    return router
}

/// Builds the application that serves ``buildRouter(store:settings:)`` on the configured address and runs
/// `services` (the log relay, the outbox poll) in its service group.
///
/// The group shuts services down in reverse order, so the HTTP server stops first (its requests in flight
/// finish and commit) and `services` after it, last one first.
func buildApplication(
    store: BucketlistStore,
    settings: ServerSettings,
    logger: Logger,
    services: [any Service] = []
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(store: store, settings: settings),
        configuration: .init(
            address: .hostname(settings.hostname, port: settings.port), serverName: "bucketlist-server"),
        services: services,
        logger: logger
    )
}
