import Dispatch
import HummingbirdBcrypt
import Synchronization

/// Bcrypt hashing and checking, run on Dispatch's global queue so that the slow work never blocks Swift's
/// cooperative threads (there may be only two of them).
final class PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of no one's password, checked against when a username is unknown so that a login takes as long
    /// whether or not the user exists. Computed on first use.
    private let decoy = Mutex<String?>(nil)

    init(cost: UInt8) {
        self.cost = cost
    }

    func hash(_ password: String) async -> String {
        let cost = cost
        return await Self.offload { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async -> Bool {
        await Self.offload { Bcrypt.verify(password, hash: hash) }
    }

    /// Spends the time of one verification, for an unknown username.
    func verifyDecoy(_ password: String) async {
        let existing = decoy.withLock { $0 }
        let hash: String
        if let existing {
            hash = existing
        } else {
            hash = await self.hash("decoy password for unknown users")
            decoy.withLock { $0 = hash }
        }
        _ = await verify(password, against: hash)
    }

    private static func offload<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: work())
            }
        }
    }
}
