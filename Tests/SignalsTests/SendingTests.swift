import Signals
import Testing

@Suite("Sending")
struct SendingTests {
    struct Refusal: Error, Equatable {
        let receiver: Int
    }

    @Test("5. send returns results in call order; an empty list with no receivers or when muted")
    func sendReturnsResultsInCallOrderAndEmptyWithNoneOrMuted() throws {
        let signal = Signal<Int, Int>(name: "changed")
        #expect(try signal.send(1).isEmpty)

        signal.connect(id: "double") { _, payload in payload * 2 }
        signal.connect(id: "square") { _, payload in payload * payload }
        signal.connect(id: "negate") { _, payload in -payload }

        #expect(
            try signal.send(5) == [
                Reply(receiver: "double", value: 10),
                Reply(receiver: "square", value: 25),
                Reply(receiver: "negate", value: -5),
            ]
        )
        #expect(try signal.muted { try signal.send(5) }.isEmpty)
    }

    @Test("13. send rethrows the first error and skips later receivers; sendRobust calls all and returns each Result")
    func sendRethrowsFirstErrorWhileSendRobustCallsAll() throws {
        let signal = Signal<Int, Int>(name: "changed")
        let called = Recorder<Int>()
        for receiver in 1...4 {
            signal.connect(id: ReceiverID("r\(receiver)")) { _, _ in
                called.append(receiver)
                if receiver == 2 || receiver == 3 { throw Refusal(receiver: receiver) }
                return receiver
            }
        }

        #expect(throws: Refusal(receiver: 2)) { try signal.send(0) }
        #expect(called.all == [1, 2])

        let replies = signal.sendRobust(0)
        #expect(called.all == [1, 2, 1, 2, 3, 4])
        #expect(replies.map(\.receiver) == ["r1", "r2", "r3", "r4"])
        #expect(try replies[0].value.get() == 1)
        #expect(throws: Refusal(receiver: 2)) { try replies[1].value.get() }
        #expect(throws: Refusal(receiver: 3)) { try replies[2].value.get() }
        #expect(try replies[3].value.get() == 4)
    }

    @Test("14. call order equals connection order across 100 receivers")
    func callOrderEqualsConnectionOrderAcross100Receivers() throws {
        let signal = Signal<Void, Int>(name: "changed")
        let senders: [Sender] = [.any, .value("a"), .value("b")]
        for index in 0..<100 {
            signal.connect(sender: senders[index % senders.count], id: ReceiverID("r\(index)")) { _, _ in index }
        }

        let fromA = try signal.send(from: .value("a"), ()).map(\.value)
        #expect(fromA == Array(0..<100).filter { $0 % 3 != 2 })
        let fromAny = try signal.send(()).map(\.value)
        #expect(fromAny == Array(stride(from: 0, to: 100, by: 3)))
        #expect(signal.receivers(for: .value("b")) == (0..<100).filter { $0 % 3 != 1 }.map { ReceiverID("r\($0)") })
    }

    @Test("15. a receiver connected during a send is not called; one disconnected before its turn is skipped")
    func receiversConnectedOrDisconnectedDuringASendFollowTheSnapshotRule() throws {
        let signal = Signal<Int, String>(name: "changed")
        signal.connect(id: "first") { _, payload in
            if payload == 1 {
                signal.connect(id: "late") { _, _ in "late" }
                signal.disconnect("third")
            }
            return "first"
        }
        signal.connect(id: "second") { _, _ in
            signal.disconnect("second")
            return "second"
        }
        signal.connect(id: "third") { _, _ in "third" }

        #expect(try signal.send(1).map(\.value) == ["first", "second"])
        #expect(try signal.send(2).map(\.value) == ["first", "late"])
    }

    @Test("18. sendAsync awaits async receivers and runs sync ones")
    func sendAsyncAwaitsAsyncReceiversAndRunsSyncOnes() async throws {
        let signal = Signal<Int, String>(name: "changed")
        let finished = Recorder<String>()
        signal.connect(id: "sync") { _, payload in
            finished.append("sync")
            return "sync \(payload)"
        }
        signal.connect(id: "async") { _, payload in
            try await Task.sleep(for: .milliseconds(20))
            finished.append("async")
            return "async \(payload)"
        }
        let owner = Token()
        signal.connect(owner: owner, id: "owned") { _, _, payload in
            await Task.yield()
            finished.append("owned")
            return "owned \(payload)"
        }
        signal.connect(id: "after") { _, payload in
            finished.append("after")
            return "after \(payload)"
        }

        let replies = try await signal.sendAsync(1)

        #expect(replies.map(\.value) == ["sync 1", "async 1", "owned 1", "after 1"])
        #expect(finished.all == ["sync", "async", "owned", "after"])
        let refusal = #expect(throws: SignalError.self) { try signal.send(2) }
        #expect(refusal?.code == .asyncReceiverInSynchronousSend)
        #expect(refusal?.receiver == "async")
        let robust = signal.sendRobust(3)
        #expect(robust.map(\.receiver) == ["sync", "async", "owned", "after"])
        #expect(throws: SignalError.self) { try robust[1].value.get() }
        #expect(throws: SignalError.self) { try robust[2].value.get() }
        withExtendedLifetime(owner) {}
    }
}
