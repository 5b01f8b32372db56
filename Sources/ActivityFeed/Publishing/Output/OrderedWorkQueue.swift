import Dispatch
import Foundation
import Synchronization

/// Runs jobs on worker threads of its own and hands back their results in the order they
/// were submitted, so the caller can go on with other work while they run.
///
/// The caller submits jobs and takes their results with ``next()``, oldest first; a job's error
/// is rethrown when its result is taken. With no workers, ``submit(_:)`` runs the job at once on
/// the caller's thread. When the queue goes away, it waits for the jobs already running to finish
/// and drops the others, so no job outlives it. Not for sharing: one queue belongs to the thread
/// that created it.
final class OrderedWorkQueue<Output: Sendable> {
    /// One job's result, filled by a worker and awaited by the caller.
    private final class Slot: Sendable {
        private let result = Mutex<Result<Output, any Error>?>(nil)
        private let ready = DispatchSemaphore(value: 0)

        func fill(_ outcome: Result<Output, any Error>) {
            result.withLock { $0 = outcome }
            ready.signal()
        }

        func take() throws -> Output {
            ready.wait()
            return try result.withLock { $0.take()! }.get()
        }
    }

    private struct Job: Sendable {
        let run: @Sendable () throws -> Output
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
        let workerEnded = DispatchSemaphore(value: 0)

        /// Takes jobs until told to stop.
        func work() {
            while true {
                jobsAvailable.wait()
                let job = backlog.withLock { $0.isStopping ? nil : $0.jobs.removeFirst() }
                guard let job else {
                    workerEnded.signal()
                    return
                }
                job.slot.fill(Result { try job.run() })
            }
        }
    }

    private let shared = Shared()
    private let workerCount: Int
    /// Submitted jobs whose results the caller has not taken, oldest first.
    private var pending: [Slot] = []

    /// Starts `workers` threads (with none, jobs run on the caller's thread).
    init(workers: Int) {
        workerCount = max(0, workers)
        for _ in 0..<workerCount {
            let shared = shared
            Thread { shared.work() }.start()
        }
    }

    deinit {
        shared.backlog.withLock { $0.isStopping = true }
        for _ in 0..<workerCount { shared.jobsAvailable.signal() }
        for _ in 0..<workerCount { shared.workerEnded.wait() }
    }

    /// How many submitted results the caller has not taken yet.
    var count: Int { pending.count }

    /// Queues `job`; its result comes out of ``next()`` after those of every earlier job.
    func submit(_ job: @escaping @Sendable () throws -> Output) {
        let slot = Slot()
        pending.append(slot)
        guard workerCount > 0 else { return slot.fill(Result { try job() }) }
        shared.backlog.withLock { $0.jobs.append(Job(run: job, slot: slot)) }
        shared.jobsAvailable.signal()
    }

    /// The oldest result not yet taken, waiting for its job to finish; rethrows the job's error.
    /// Call only when ``count`` is above zero.
    func next() throws -> Output {
        try pending.removeFirst().take()
    }
}
