import ActivityFeed
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM as the ``StopRequest`` of `build`, which then stops between batches; a second
/// signal ends the process at once (the state stays consistent, as every batch is one transaction).
enum TerminationRequest {
    /// Requested by SIGINT or SIGTERM once ``install()`` ran.
    static let stop = StopRequest()
    /// The signal that requested ``stop``, 0 before any.
    private static let received = Atomic<Int32>(0)

    /// Replaces the default SIGINT and SIGTERM actions (exit at once) by requesting ``stop``; the
    /// default action comes back for the next one.
    static func install() {
        // Initialized here, so the handler only does atomic stores.
        _ = stop
        _ = received.load(ordering: .relaxed)
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                TerminationRequest.received.store(number, ordering: .relaxed)
                TerminationRequest.stop.request()
                signal(number, SIG_DFL)
            }
        }
    }

    /// The signal that requested the stop, if one did.
    static var receivedSignal: Int32? {
        let number = received.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// `SIGTERM`, `SIGINT` or `signal <number>`.
    static func name(of number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        default: "signal \(number)"
        }
    }
}
