import Dispatch
import Foundation
import Synchronization

/// Renders documents on worker threads of its own and hands back their bytes in the order
/// they were submitted, so the caller can fetch the next documents and write finished ones
/// while others render.
///
/// Only rendering moves off the caller's thread: the caller submits, takes results with
/// ``next()``, and does every read and write of its store and files itself. With no workers,
/// ``submit(_:)`` renders at once on the caller's thread. When the queue goes away, its workers
/// end after the job they are on, and jobs not started are dropped. Not for sharing: one queue
/// belongs to the thread that created it.
final class OrderedRenderQueue {
    /// One job's result, filled by a worker and awaited by the caller.
    private final class Slot: Sendable {
        private let result = Mutex<Result<Data, any Error>?>(nil)
        private let ready = DispatchSemaphore(value: 0)

        func fill(_ outcome: Result<Data, any Error>) {
            result.withLock { $0 = outcome }
            ready.signal()
        }

        func take() throws -> Data {
            ready.wait()
            return try result.withLock { $0.take()! }.get()
        }
    }

    private struct Job: Sendable {
        let render: @Sendable () throws -> Data
        let slot: Slot
    }

    /// The jobs no worker has taken yet, and whether the workers are to end.
    private struct Backlog {
        var jobs: [Job] = []
        var isStopping = false
    }

    /// What the caller and the workers share.
    private final class Shared: Sendable {
        let backlog = Mutex(Backlog())
        let jobsAvailable = DispatchSemaphore(value: 0)

        /// Takes jobs until told to stop.
        func work() {
            while true {
                jobsAvailable.wait()
                let job = backlog.withLock { $0.isStopping ? nil : $0.jobs.removeFirst() }
                guard let job else { return }
                job.slot.fill(Result { try job.render() })
            }
        }
    }

    private let shared = Shared()
    private let workerCount: Int
    /// Submitted jobs whose results the caller has not taken, oldest first.
    private var pending: [Slot] = []

    /// Starts `workers` threads (none renders on the caller's thread).
    init(workers: Int) {
        workerCount = max(0, workers)
        for _ in 0..<workerCount {
            let shared = shared
            Thread { shared.work() }.start()
        }
    }

    /// How many submitted results the caller has not taken yet.
    var count: Int { pending.count }

    /// Queues `render`; its result comes out of ``next()`` after those of every earlier job.
    func submit(_ render: @escaping @Sendable () throws -> Data) {
        let slot = Slot()
        pending.append(slot)
        guard workerCount > 0 else { return slot.fill(Result { try render() }) }
        shared.backlog.withLock { $0.jobs.append(Job(render: render, slot: slot)) }
        shared.jobsAvailable.signal()
    }

    /// The oldest result not yet taken, waiting for it to render; rethrows the job's error.
    /// Call only when ``count`` is above zero.
    func next() throws -> Data {
        try pending.removeFirst().take()
    }

    deinit {
        shared.backlog.withLock { $0.isStopping = true }
        for _ in 0..<workerCount { shared.jobsAvailable.signal() }
    }
}
