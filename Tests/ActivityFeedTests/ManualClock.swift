import Synchronization

/// A clock that moves only when a test moves it; whoever sleeps on it wakes once it reaches their deadline.
final class ManualClock: Clock {
    struct Instant: InstantProtocol {
        var sinceStart: Duration

        func advanced(by duration: Duration) -> Instant {
            Instant(sinceStart: sinceStart + duration)
        }

        func duration(to other: Instant) -> Duration {
            other.sinceStart - sinceStart
        }

        static func < (left: Instant, right: Instant) -> Bool {
            left.sinceStart < right.sinceStart
        }
    }

    private struct Sleeper {
        var deadline: Instant
        var wake: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(sinceStart: .zero)
        var sleepers: [Sleeper] = []
        /// Tests waiting in ``advanceOnceAsleep(by:)`` for a sleeper.
        var waitingForSleeper: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }

    var minimumResolution: Duration { .zero }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        await withCheckedContinuation { continuation in
            let watchers = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                guard deadline > state.now else { return nil }
                state.sleepers.append(Sleeper(deadline: deadline, wake: continuation))
                defer { state.waitingForSleeper = [] }
                return state.waitingForSleeper
            }
            guard let watchers else { return continuation.resume() }
            for watcher in watchers { watcher.resume() }
        }
    }

    /// Moves the clock on by `duration` and wakes every sleeper whose deadline it reached.
    func advance(by duration: Duration) {
        let woken = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in woken { sleeper.wake.resume() }
    }

    /// Waits until something sleeps on the clock, then moves it on by `duration`.
    func advanceOnceAsleep(by duration: Duration) async {
        await withCheckedContinuation { continuation in
            let sleeping = state.withLock { state in
                if state.sleepers.isEmpty { state.waitingForSleeper.append(continuation) }
                return !state.sleepers.isEmpty
            }
            if sleeping { continuation.resume() }
        }
        advance(by: duration)
    }
}
