import ServiceLifecycle

/// A service that nudges a ``LogRelay`` at a fixed interval, so that records committed by another process on
/// the same database (`user add`, which sends no signal to this one) reach the log too.
///
/// Runs until graceful shutdown or cancellation; the relay's own final drain covers what is left.
public struct OutboxPoll: Service {
    /// The relay to nudge.
    public let relay: LogRelay
    /// How long between nudges.
    public let interval: Duration

    /// A poll that nudges `relay` every `interval`.
    public init(relay: LogRelay, interval: Duration) {
        self.relay = relay
        self.interval = interval
    }

    /// Nudges the relay every ``interval`` until graceful shutdown or cancellation.
    public func run() async {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                relay.nudge()
            }
        }
    }
}
