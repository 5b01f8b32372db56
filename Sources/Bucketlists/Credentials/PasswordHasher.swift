import Dispatch
import HummingbirdBcrypt
import Synchronization

/// Bcrypt hashing and checking, run on Dispatch's global queue so that the slow work never blocks Swift's
/// cooperative threads (there may be only two of them).
///
/// Every computation runs through a ``PasswordWorkLimiter``, so at most a few run at once.
final class PasswordHasher: Sendable {
    let cost: UInt8
    let limiter: PasswordWorkLimiter
    /// A hash of no one's password, checked against when a username is unknown so that a login takes as long
    /// whether or not the user exists. Computed on first use.
    private let decoy = Mutex<String?>(nil)

    init(cost: UInt8, limiter: PasswordWorkLimiter) {
        self.cost = cost
        self.limiter = limiter
    }

    /// - Throws: ``StoreError/busy(_:)`` when the limiter's queue is full.
    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await limiter.run { await Self.offload { Bcrypt.hash(password, cost: cost) } }
    }

    /// - Throws: ``StoreError/busy(_:)`` when the limiter's queue is full.
    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await limiter.run { await Self.offload { Bcrypt.verify(password, hash: hash) } }
    }

    /// Spends the time of one verification, for an unknown username.
    ///
    /// - Throws: ``StoreError/busy(_:)`` when the limiter's queue is full.
    func verifyDecoy(_ password: String) async throws {
        let existing = decoy.withLock { $0 }
        let hash: String
        if let existing {
            hash = existing
        } else {
            hash = try await self.hash("decoy password for unknown users")
            decoy.withLock { $0 = hash }
        }
        _ = try await verify(password, against: hash)
    }

    private static func offload<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: work())
            }
        }
    }
}
