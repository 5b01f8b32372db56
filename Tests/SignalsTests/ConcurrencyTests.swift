import Signals
import Synchronization
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("17. connecting, sending and disconnecting from many concurrent tasks is safe and exact")
    func concurrentConnectSendDisconnectIsSafeAndExact() async throws {
        let signal = Signal<Int, Int>(name: "changed")
        let anySenderCalls = Atomic<Int>(0)
        signal.connect(id: "everyone") { _, payload in
            anySenderCalls.add(1, ordering: .relaxed)
            return payload
        }
        let tasks = 16
        let rounds = 300

        let perTask = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for task in 0..<tasks {
                group.addTask {
                    let own = Sender.value(task)
                    let received = Atomic<Int>(0)
                    for round in 0..<rounds {
                        let connection = signal.connect(sender: own) { _, payload in
                            received.add(1, ordering: .relaxed)
                            return payload
                        }
                        let owner = Token()
                        signal.connect(owner: owner, sender: .object(owner)) { _, _, payload in payload }
                        let replies = try signal.send(from: own, round)
                        #expect(replies.count == 2)
                        _ = try signal.send(from: .object(owner), round)
                        #expect(connection.disconnect())
                        _ = signal.hasReceivers(for: own)
                    }
                    return (task, received.load(ordering: .relaxed))
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }

        #expect(perTask == Dictionary(uniqueKeysWithValues: (0..<tasks).map { ($0, rounds) }))
        #expect(anySenderCalls.load(ordering: .relaxed) == 2 * tasks * rounds)
        #expect(signal.connectedReceivers == ["everyone"])
    }
}
