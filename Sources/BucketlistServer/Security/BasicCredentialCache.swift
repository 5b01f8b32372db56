import Bucketlists
import Foundation
import Synchronization

/// Remembers, for a short time, which user an HTTP Basic `Authorization` header verified as, so that a feed
/// reader polling `/admin/feed.atom` every minute does not cost a bcrypt per poll.
///
/// Entries are keyed by the SHA-256 of the whole header value; neither the password nor the header is kept.
/// Only successful verifications are cached, an entry lives ``lifetime`` seconds, and at most
/// ``capacity`` are kept (the oldest go first). The cached user is fetched again on each hit, so a deleted
/// user or a changed role takes effect at once; a changed password takes effect within ``lifetime``.
final class BasicCredentialCache: Sendable {
    /// How long a verification is remembered, in seconds.
    let lifetime: TimeInterval
    /// The most entries kept.
    let capacity: Int
    private let clock: @Sendable () -> Date
    private let entries = Mutex<[String: (username: String, userID: Int64, expires: Date)]>([:])

    init(lifetime: TimeInterval = 60, capacity: Int = 1024, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.clock = clock
    }

    /// The username and id cached for `header`, if still fresh.
    func lookup(header: String) -> (username: String, userID: Int64)? {
        let key = SecretToken.digest(of: header)
        let now = clock()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return (entry.username, entry.userID)
        }
    }

    /// Remembers that `header` verified as `user`.
    func store(header: String, user: User) {
        guard let userID = user.id else { return }
        let key = SecretToken.digest(of: header)
        let now = clock()
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity, let oldest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                    entries[oldest.key] = nil
                }
            }
            entries[key] = (user.username, userID, now.addingTimeInterval(lifetime))
        }
    }

    /// Forgets every entry of the user `userID` (after their tokens were revoked).
    func forget(userID: Int64) {
        entries.withLock { entries in entries = entries.filter { $0.value.userID != userID } }
    }
}
