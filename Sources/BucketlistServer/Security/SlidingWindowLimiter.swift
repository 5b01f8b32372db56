import Foundation
import Synchronization

/// Counts events per key (a username, a client address) in a sliding time window, and says when a key has
/// reached its limit and how long until it may try again.
///
/// Each key keeps at most `limit` timestamps, so memory is bounded by `limit` × the keys seen in one window;
/// keys whose events have all left the window are swept out as the limiter is used, and past
/// ``maximumKeys`` the least recently used keys are dropped.
final class SlidingWindowLimiter: Sendable {
    /// Events allowed per key within ``window``.
    let limit: Int
    /// How far back events count.
    let window: TimeInterval
    /// The most keys kept at once.
    let maximumKeys: Int
    private let clock: @Sendable () -> Date
    private let events = Mutex<[String: [Date]]>([:])

    init(limit: Int, window: TimeInterval, maximumKeys: Int = 100_000, clock: @escaping @Sendable () -> Date) {
        precondition(limit >= 1 && window > 0 && maximumKeys >= 1)
        self.limit = limit
        self.window = window
        self.maximumKeys = maximumKeys
        self.clock = clock
    }

    /// How long `key` must wait before its next event is allowed, or nil when it may go ahead now.
    func retryAfter(_ key: String) -> TimeInterval? {
        let now = clock()
        return events.withLock { events in
            guard let times = events[key] else { return nil }
            let recent = times.filter { now.timeIntervalSince($0) < window }
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return max(0, window - now.timeIntervalSince(oldest))
        }
    }

    /// Records one event for `key`.
    func record(_ key: String) {
        let now = clock()
        events.withLock { events in
            var times = events[key, default: []].filter { now.timeIntervalSince($0) < window }
            times.append(now)
            if times.count > limit { times.removeFirst(times.count - limit) }
            events[key] = times
            if events.count > maximumKeys { Self.sweep(&events, now: now, window: window, keep: maximumKeys) }
        }
    }

    /// Forgets `key`'s events (after a successful login, its failures no longer count).
    func reset(_ key: String) {
        _ = events.withLock { $0.removeValue(forKey: key) }
    }

    /// Removes keys with no event in the window; if that is not enough, the keys with the oldest last event.
    private static func sweep(_ events: inout [String: [Date]], now: Date, window: TimeInterval, keep: Int) {
        events = events.filter { now.timeIntervalSince($0.value.last ?? .distantPast) < window }
        guard events.count > keep else { return }
        let newest = events.sorted { ($0.value.last ?? .distantPast) > ($1.value.last ?? .distantPast) }.prefix(keep)
        events = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }
}
