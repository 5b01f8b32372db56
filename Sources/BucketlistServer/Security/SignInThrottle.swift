import Foundation

/// Throttles password guessing before any bcrypt runs: failed sign-ins are counted per username and per
/// client address, each in its own sliding window.
///
/// Past either limit the sign-in is refused with 429 and `Retry-After` without checking the password, so a
/// guess costs the attacker a request and the server nothing. It is a throttle, not a lockout: once the
/// window has moved on the right password works again, and an attacker cannot lock an admin out for longer
/// than the window. Counting per username and per address separately means one user under attack does not
/// slow down another. Registrations are limited per address the same way.
///
/// The counters live in this process's memory. With several instances behind a load balancer each keeps its
/// own, so an attacker spread over N instances gets at most N times the limit; a sticky balancer (by client
/// address) or the proxy's own `limit_req` on `/auth/` closes that gap.
final class SignInThrottle: Sendable {
    /// The limits, each a count within a window.
    struct Limits: Sendable {
        /// Failed sign-ins allowed per username within ``usernameWindow``.
        var failuresPerUsername = 10
        /// The window of ``failuresPerUsername``, in seconds.
        var usernameWindow: TimeInterval = 600
        /// Failed sign-ins allowed per client address within ``addressWindow``.
        var failuresPerAddress = 30
        /// The window of ``failuresPerAddress``, in seconds.
        var addressWindow: TimeInterval = 60
        /// Registrations allowed per client address within ``registrationWindow``.
        var registrationsPerAddress = 10
        /// The window of ``registrationsPerAddress``, in seconds.
        var registrationWindow: TimeInterval = 3600
    }

    private let byUsername: SlidingWindowLimiter
    private let byAddress: SlidingWindowLimiter
    private let registrations: SlidingWindowLimiter

    init(limits: Limits = Limits(), clock: @escaping @Sendable () -> Date = { Date() }) {
        byUsername = SlidingWindowLimiter(
            limit: limits.failuresPerUsername, window: limits.usernameWindow, clock: clock)
        byAddress = SlidingWindowLimiter(limit: limits.failuresPerAddress, window: limits.addressWindow, clock: clock)
        registrations = SlidingWindowLimiter(
            limit: limits.registrationsPerAddress, window: limits.registrationWindow, clock: clock)
    }

    /// Seconds until a sign-in as `username` from `address` may be tried, or nil when it may be tried now.
    func retryAfter(username: String, address: String) -> TimeInterval? {
        let waits = [byUsername.retryAfter(Self.key(username)), byAddress.retryAfter(address)].compactMap { $0 }
        return waits.max()
    }

    /// Counts a failed sign-in.
    func recordFailure(username: String, address: String) {
        byUsername.record(Self.key(username))
        byAddress.record(address)
    }

    /// Forgets the failures of `username` after it signed in with the right password.
    func recordSuccess(username: String) {
        byUsername.reset(Self.key(username))
    }

    /// Seconds until `address` may register again, or nil; counts the registration when it may go ahead.
    func admitRegistration(from address: String) -> TimeInterval? {
        if let wait = registrations.retryAfter(address) { return wait }
        registrations.record(address)
        return nil
    }

    /// Usernames compare case-insensitively (they are ASCII), so `ALICE` and `alice` share one counter.
    private static func key(_ username: String) -> String {
        username.lowercased()
    }
}
