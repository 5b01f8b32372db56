import Synchronization

/// Bounds how many bcrypt computations run at once, with a short queue behind them.
///
/// A request that finds every slot busy and the queue full is refused at once (``StoreError/busy(_:)``)
/// instead of waiting: one attacker sending many wrong passwords cannot make the server's CPUs, or a real
/// user's login, wait for seconds.
final class PasswordWorkLimiter: Sendable {
    /// How many computations may run at once.
    let concurrency: Int
    /// How many may wait for a slot.
    let queueLength: Int

    private struct State {
        var running = 0
        var peak = 0
        var admitted = 0
        var waiting: [CheckedContinuation<Bool, Never>] = []
    }

    private enum Decision { case run, wait, refuse }

    private let state = Mutex(State())

    init(concurrency: Int, queueLength: Int) {
        precondition(concurrency >= 1 && queueLength >= 0)
        self.concurrency = concurrency
        self.queueLength = queueLength
    }

    /// The most computations that ever ran at once.
    var peakConcurrency: Int { state.withLock { $0.peak } }
    /// How many computations have been admitted (run or started) so far.
    var admittedCount: Int { state.withLock { $0.admitted } }

    /// Runs `work` in a slot, waiting in the queue for one if need be.
    ///
    /// - Throws: ``StoreError/busy(_:)`` at once when all slots are taken and the queue is full.
    func run<Value: Sendable>(_ work: () async -> Value) async throws -> Value {
        let admitted = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let decision = state.withLock { state -> Decision in
                if state.running < concurrency {
                    state.running += 1
                    state.admitted += 1
                    state.peak = max(state.peak, state.running)
                    return .run
                }
                guard state.waiting.count < queueLength else { return .refuse }
                state.waiting.append(continuation)
                state.admitted += 1
                return .wait
            }
            switch decision {
            case .run: continuation.resume(returning: true)
            case .refuse: continuation.resume(returning: false)
            case .wait: break
            }
        }
        guard admitted else {
            throw StoreError.busy("too many password checks are running; try again in a moment")
        }
        defer { release() }
        return await work()
    }

    /// Hands the slot to the first waiter, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: true)
    }
}
