import ActivityFeed

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM as the ``StopRequest`` of `build --follow`, which then stops between batches.
enum TerminationRequest {
    /// Requested by SIGINT or SIGTERM once ``install()`` ran.
    static let stop = StopRequest()

    /// Replaces the default SIGINT and SIGTERM actions (exit at once) by requesting ``stop``.
    static func install() {
        _ = stop
        signal(SIGINT) { _ in TerminationRequest.stop.request() }
        signal(SIGTERM) { _ in TerminationRequest.stop.request() }
    }
}
