import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Whether SIGINT or SIGTERM asked the process to stop; `build --follow` checks it between cycles.
enum TerminationRequest {
    private static let requested = Atomic<Bool>(false)

    /// Replaces the default SIGINT and SIGTERM actions (exit at once) by setting the flag.
    static func install() {
        _ = isRequested
        signal(SIGINT) { _ in TerminationRequest.requested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in TerminationRequest.requested.store(true, ordering: .relaxed) }
    }

    static var isRequested: Bool {
        requested.load(ordering: .relaxed)
    }
}
