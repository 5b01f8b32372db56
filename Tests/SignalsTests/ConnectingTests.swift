import Signals
import Testing

@Suite("Connecting and disconnecting")
struct ConnectingTests {
    @Test("2. receivers on any sender see every send; sender-filtered receivers only theirs")
    func anySenderReceiversSeeEverySendAndFilteredOnlyTheirs() throws {
        let signal = Signal<String, Void>(name: "changed")
        let everyone = Recorder<String>()
        let alicesOnly = Recorder<String>()
        signal.connect { _, payload in everyone.append(payload) }
        signal.connect(sender: .value("alice")) { _, payload in alicesOnly.append(payload) }

        _ = try signal.send(from: .value("alice"), "a1")
        _ = try signal.send(from: .value("bob"), "b1")
        _ = try signal.send("anonymous")
        _ = try signal.send(from: .value("alice"), "a2")

        #expect(everyone.all == ["a1", "b1", "anonymous", "a2"])
        #expect(alicesOnly.all == ["a1", "a2"])
    }

    @Test("3. a receiver connected to any sender and to sender s is called once for a send from s")
    func receiverOnAnyAndOnSenderIsCalledOnce() throws {
        let signal = Signal<Int, Int>(name: "changed")
        let calls = Recorder<Int>()
        let receiver: @Sendable (Sender, Int) -> Int = { _, payload in
            calls.append(payload)
            return payload
        }
        signal.connect(id: "both", receiver)
        signal.connect(sender: .value("s"), id: "both", receiver)

        let replies = try signal.send(from: .value("s"), 7)

        #expect(calls.all == [7])
        #expect(replies == [Reply(receiver: "both", value: 7)])
    }

    @Test("4. connecting the same receiver id twice is a no-op")
    func connectingTheSameIdTwiceIsANoOp() throws {
        let signal = Signal<Int, String>(name: "changed")
        let events = Recorder<ConnectionEvent>()
        signal.receiverConnected.connect { _, event in events.append(event) }

        signal.connect(id: "audit") { _, _ in "first" }
        signal.connect(id: "audit") { _, _ in "second" }

        #expect(try signal.send(1).map(\.value) == ["first"])
        #expect(signal.connectedReceivers == ["audit"])
        #expect(events.all == [ConnectionEvent(receiver: "audit", sender: .any)])
        #expect(signal.disconnect("audit"))
        #expect(try signal.send(2).isEmpty)
    }

    @Test("6. value senders match by value; object senders by identity")
    func valueSendersMatchByValueAndObjectSendersByIdentity() throws {
        final class Account: Equatable, Sendable {
            let name: String
            init(name: String) { self.name = name }
            static func == (lhs: Account, rhs: Account) -> Bool { lhs.name == rhs.name }
        }
        let signal = Signal<Int, String>(name: "changed")
        let seenValues = Recorder<String?>()
        signal.connect(sender: .value("alice")) { sender, _ in
            seenValues.append(sender.value(as: String.self))
            return "value"
        }
        let account = Account(name: "alice")
        let lookalike = Account(name: "alice")
        signal.connect(sender: .object(account)) { _, _ in "object" }

        let built = String(["a", "l", "i", "c", "e"])
        #expect(try signal.send(from: .value(built), 1).map(\.value) == ["value"])
        #expect(seenValues.all == ["alice"])
        #expect(try signal.send(from: .value("bob"), 2).isEmpty)
        #expect(try signal.send(from: .object(account), 3).map(\.value) == ["object"])
        #expect(account == lookalike)
        #expect(try signal.send(from: .object(lookalike), 4).isEmpty)
    }

    @Test("9. disconnect(r) removes r everywhere, disconnect(r, sender:) one pair, and both report removal")
    func disconnectRemovesEverywhereOrOnePairAndReports() throws {
        let signal = Signal<Int, Void>(name: "changed")
        let receiver: @Sendable (Sender, Int) -> Void = { _, _ in }
        signal.connect(id: "r", receiver)
        signal.connect(sender: .value("a"), id: "r", receiver)
        let toB = signal.connect(sender: .value("b"), id: "r", receiver)

        #expect(signal.disconnect("r", sender: .value("a")))
        #expect(!signal.disconnect("r", sender: .value("a")))
        #expect(signal.hasReceivers(for: .value("a")))
        #expect(signal.receivers(for: .value("b")) == ["r"])

        #expect(signal.disconnect("r", sender: .any))
        #expect(!signal.hasReceivers(for: .value("a")))
        #expect(signal.hasReceivers(for: .value("b")))
        #expect(toB.disconnect())
        #expect(!toB.disconnect())
        #expect(signal.connectedReceivers.isEmpty)

        signal.connect(id: "r", receiver)
        signal.connect(sender: .value("a"), id: "r", receiver)
        #expect(signal.disconnect("r"))
        #expect(!signal.disconnect("r"))
        #expect(!signal.hasReceivers(for: .value("a")))
        #expect(signal.connectedReceivers.isEmpty)
    }

    @Test("10. receiverConnected and receiverDisconnected fire on explicit connect and disconnect")
    func metaSignalsFireOnExplicitConnectAndDisconnect() {
        let signal = Signal<Int, Void>(name: "changed")
        let connected = Recorder<ConnectionEvent>()
        let disconnected = Recorder<ConnectionEvent>()
        let metaSenders = Recorder<Bool>()
        let signalAsSender = Sender.object(signal)
        signal.receiverConnected.connect { sender, event in
            metaSenders.append(sender == signalAsSender)
            connected.append(event)
        }
        signal.receiverDisconnected.connect { _, event in disconnected.append(event) }

        signal.connect(id: "r") { _, _ in }
        signal.connect(sender: .value("a"), id: "r") { _, _ in }
        let other = signal.connect(sender: .value("b")) { _, _ in }
        signal.disconnect("r")
        other.disconnect()

        #expect(
            connected.all == [
                ConnectionEvent(receiver: "r", sender: .any),
                ConnectionEvent(receiver: "r", sender: .value("a")),
                ConnectionEvent(receiver: other.receiver, sender: .value("b")),
            ]
        )
        #expect(metaSenders.all == [true, true, true])
        #expect(
            disconnected.all == [
                ConnectionEvent(receiver: "r", sender: .any),
                ConnectionEvent(receiver: "r", sender: .value("a")),
                ConnectionEvent(receiver: other.receiver, sender: .value("b")),
            ]
        )
    }

    @Test("16. hasReceivers(for:) is exact after a sender-scoped disconnect")
    func hasReceiversIsExactAfterSenderScopedDisconnect() {
        let signal = Signal<Int, Void>(name: "changed")
        signal.connect(sender: .value("a"), id: "first") { _, _ in }
        signal.connect(sender: .value("a"), id: "second") { _, _ in }
        signal.connect(sender: .value("b"), id: "first") { _, _ in }
        #expect(!signal.hasReceivers(for: .any))

        signal.disconnect("first", sender: .value("a"))
        #expect(signal.hasReceivers(for: .value("a")))
        #expect(signal.receivers(for: .value("a")) == ["second"])

        signal.disconnect("second", sender: .value("a"))
        #expect(!signal.hasReceivers(for: .value("a")))
        #expect(signal.hasReceivers(for: .value("b")))

        signal.connect(id: "everywhere") { _, _ in }
        #expect(signal.hasReceivers(for: .value("a")))
        #expect(signal.hasReceivers(for: .any))
        signal.disconnect("everywhere", sender: .any)
        #expect(!signal.hasReceivers(for: .value("a")))
        #expect(!signal.hasReceivers(for: .any))
    }
}
