import Synchronization

/// A request that a following ``BuildCycle`` stop: what SIGINT and SIGTERM set in `activity-feed build --follow`.
///
/// Requesting is one atomic store, so it is safe from any thread and from a signal handler. A cycle
/// sees the request after its current batch, or when it next wakes; once made, a request stays made.
public final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)

    /// Creates a request that has not been made yet.
    public init() {}

    /// Asks the cycle to stop.
    public func request() {
        requested.store(true, ordering: .relaxed)
    }

    /// Whether stopping was requested.
    public var isRequested: Bool {
        requested.load(ordering: .relaxed)
    }
}
