import Foundation
import Synchronization
import Testing

@testable import ActivityFeed

@Suite struct OrderedWorkQueueTests {
    private struct Failure: Error, Equatable {
        let index: Int
    }

    @Test(arguments: [0, 1, 3])
    func resultsComeBackInSubmissionOrderWithEachErrorInItsPlace(workers: Int) throws {
        let queue = OrderedWorkQueue<Int>(workers: workers)
        var outcomes: [Result<Int, Failure>] = []
        func take() {
            do {
                outcomes.append(.success(try queue.next()))
            } catch {
                outcomes.append(.failure(error as! Failure))
            }
        }
        for index in 0..<200 {
            queue.submit {
                // Later jobs are quicker, so a queue that handed back results as they finish would reorder them.
                var sum = 0
                for step in 0..<((200 - index) * 500) { sum &+= step }
                if index % 37 == 5 { throw Failure(index: index) }
                return index + (sum == -1 ? 1 : 0)
            }
            if queue.count >= 8 { take() }
        }
        while queue.count > 0 { take() }
        let expected: [Result<Int, Failure>] = (0..<200).map {
            $0 % 37 == 5 ? .failure(Failure(index: $0)) : .success($0)
        }
        #expect(outcomes == expected)
    }

    @Test func jobsRunOnWorkerThreadsAndTheQueueWaitsForRunningOnesWhenItGoes() {
        let finished = Mutex(0)
        let jobThreads = Mutex<[pthread_t]>([])
        let started = DispatchSemaphore(value: 0)
        do {
            let queue = OrderedWorkQueue<Void>(workers: 2)
            for _ in 0..<4 {
                queue.submit {
                    jobThreads.withLock { $0.append(pthread_self()) }
                    started.signal()
                    usleep(20_000)
                    finished.withLock { $0 += 1 }
                }
            }
            started.wait()
            started.wait()
        }
        let caller = pthread_self()
        #expect(finished.withLock { $0 } >= 2)
        #expect(jobThreads.withLock { $0.allSatisfy { pthread_equal($0, caller) == 0 } })
    }
}
