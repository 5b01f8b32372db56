import Signals
import Testing

@Suite("Lifetimes and scopes")
struct LifetimeTests {
    struct Interrupted: Error {}

    @Test("7. a deallocated filtered sender's entries are purged; a new object at the same address receives nothing")
    func deallocatedSenderIsPurgedAndAddressReuseReceivesNothing() throws {
        let signal = Signal<Int, Void>(name: "changed")
        let calls = Recorder<Int>()
        var original: Token? = Token()
        let address = ObjectIdentifier(try #require(original))
        signal.connect(sender: .object(try #require(original)), id: "filtered") { _, payload in calls.append(payload) }
        #expect(signal.connectedReceivers == ["filtered"])

        original = nil
        var allocated: [Token] = []
        while allocated.count < 10_000, allocated.last.map(ObjectIdentifier.init) != address {
            allocated.append(Token())
        }
        let newcomer = try #require(allocated.last)
        // Tests run in parallel, so another thread may take the freed address first; the purge
        // is checked either way, the reused address whenever the allocator hands it back.
        if ObjectIdentifier(newcomer) != address {
            #expect(try signal.send(from: .object(newcomer), 1).isEmpty)
            #expect(signal.connectedReceivers.isEmpty)
            #expect(calls.all.isEmpty)
            return
        }

        #expect(try signal.send(from: .object(newcomer), 1).isEmpty)
        #expect(!signal.hasReceivers(for: .object(newcomer)))
        #expect(signal.connectedReceivers.isEmpty)
        #expect(calls.all.isEmpty)
    }

    @Test("8. an owner-bound receiver stops when its owner is deallocated, with no receiverDisconnected")
    func ownerBoundReceiverEndsWithItsOwnerSilently() throws {
        let signal = Signal<Int, Void>(name: "changed")
        let calls = Recorder<String>()
        let disconnected = Recorder<ConnectionEvent>()
        signal.receiverDisconnected.connect { _, event in disconnected.append(event) }
        var owner: Token? = Token()
        signal.connect(owner: try #require(owner), id: "owned") { _, _, payload in calls.append("owned \(payload)") }
        signal.connect(id: "plain") { _, payload in calls.append("plain \(payload)") }

        _ = try signal.send(1)
        owner = nil
        _ = try signal.send(2)

        #expect(calls.all == ["owned 1", "plain 1", "plain 2"])
        #expect(signal.connectedReceivers == ["plain"])
        #expect(!signal.disconnect("owned"))
        #expect(disconnected.all.isEmpty)
    }

    @Test("11. a scoped connection is removed even when its body throws")
    func scopedConnectionIsRemovedEvenWhenBodyThrows() async throws {
        let signal = Signal<Int, Void>(name: "changed")
        let calls = Recorder<Int>()

        #expect(throws: Interrupted.self) {
            try signal.connected(id: "scoped") { _, payload in
                calls.append(payload)
            } during: {
                _ = try signal.send(1)
                throw Interrupted()
            }
        }
        #expect(signal.connectedReceivers.isEmpty)

        await #expect(throws: Interrupted.self) {
            try await signal.connected(id: "scoped") { _, payload in
                calls.append(payload)
            } during: {
                _ = try await signal.sendAsync(2)
                throw Interrupted()
            }
        }
        #expect(signal.connectedReceivers.isEmpty)

        let sent = try signal.connected { _, payload in
            calls.append(payload)
        } during: {
            try signal.send(3).count
        }
        #expect(sent == 1)
        #expect(signal.connectedReceivers.isEmpty)
        #expect(calls.all == [1, 2, 3])
    }

    @Test("12. muted nests: leaving an inner block does not unmute")
    func mutedNestsAndLeavingAnInnerBlockDoesNotUnmute() async throws {
        let signal = Signal<Int, Int>(name: "changed")
        signal.connect { _, payload in payload }

        let insideOuter = try signal.muted {
            let insideInner = try signal.muted { try signal.send(1) }
            return insideInner + (try signal.send(2))
        }
        #expect(insideOuter.isEmpty)

        let insideAsync = try await signal.muted {
            _ = try signal.muted { try signal.send(3) }
            return try await signal.sendAsync(4)
        }
        #expect(insideAsync.isEmpty)
        #expect(try signal.send(5).map(\.value) == [5])
    }
}
