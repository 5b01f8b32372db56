/// The bookkeeping of one signal: which receivers are connected to which senders, in which order.
///
/// It lives inside the signal's `Mutex` and never calls user code. Every value whose release could run a deinit
/// (a removed receiver, a strong reference taken to test liveness) goes to the caller's ``DeferredReleases``.
/// Dead object senders and receivers whose owner is gone are purged when a send or a query meets them, and by a
/// sweep over everything whenever the registry has doubled in size since the last one.
struct ReceiverRegistry<Payload: Sendable, Output: Sendable>: Sendable {
    typealias Receiver = RegisteredReceiver<Payload, Output>

    /// The receivers connected to one sender.
    private struct SenderSlot: Sendable {
        /// The sender as first connected; for an object, its liveness tells whether the slot is still valid.
        let sender: Sender
        var receivers: Set<ReceiverID> = []
    }

    private static var minimumSweepSize: Int { 64 }

    private var receivers: [ReceiverID: Receiver] = [:]
    private var slots: [Sender.Identity: SenderSlot] = [:]
    private var nextSequence: UInt64 = 0
    private var sweepSize = minimumSweepSize
    /// How many `muted` blocks are running; sends deliver nothing while it is above zero.
    var muteDepth = 0
    /// The signal's meta-signals, once someone asked for them.
    var metaSignals: MetaSignals?

    /// Connects `id` to `sender`; returns whether a new (receiver, sender) pair was made.
    ///
    /// An id already connected to that sender keeps its first closure and the call changes nothing. An id connected
    /// to other senders gains this one, still with its first closure. A sender whose object is gone connects
    /// nothing.
    mutating func connect(
        _ id: ReceiverID,
        to sender: Sender,
        owner: ObjectLiveness?,
        body: Receiver.Body,
        releases: inout DeferredReleases
    ) -> Bool {
        sweepIfDue(releases: &releases)
        guard sender.isAlive(deferringReleaseTo: &releases) else { return false }
        purgeSlotIfDead(sender.identity, releases: &releases)
        purgeReceiverIfOwnerGone(id, releases: &releases)
        if var receiver = receivers[id] {
            guard !receiver.senders.contains(sender) else { return false }
            receiver.senders.append(sender)
            receivers[id] = receiver
        } else {
            receivers[id] = Receiver(id: id, sequence: nextSequence, body: body, owner: owner, senders: [sender])
            nextSequence += 1
        }
        slots[sender.identity, default: SenderSlot(sender: sender)].receivers.insert(id)
        return true
    }

    /// Disconnects `id` from `sender`, or from every sender when `sender` is `nil`; returns the senders it was
    /// disconnected from, in connection order.
    ///
    /// Pairs that were already dead (owner gone, sender object gone) are purged silently and not returned.
    mutating func disconnect(_ id: ReceiverID, from sender: Sender?, releases: inout DeferredReleases) -> [Sender] {
        purgeReceiverIfOwnerGone(id, releases: &releases)
        for connected in receivers[id]?.senders ?? [] {
            purgeSlotIfDead(connected.identity, releases: &releases)
        }
        guard var receiver = receivers[id] else { return [] }
        let removed = receiver.senders.filter { sender == nil || $0 == sender }
        for gone in removed {
            removeFromSlot(id, gone.identity)
        }
        receiver.senders.removeAll { sender == nil || $0 == sender }
        if receiver.senders.isEmpty {
            receivers[id] = nil
            releases.hold(receiver)
        } else {
            receivers[id] = receiver
        }
        return removed
    }

    /// The receivers a send from `sender` calls, in connection order: those connected to any sender and those
    /// connected to `sender`.
    mutating func snapshot(for sender: Sender, releases: inout DeferredReleases) -> [Receiver] {
        var ids = slots[.any]?.receivers ?? []
        if sender.identity != .any, sender.isAlive(deferringReleaseTo: &releases) {
            purgeSlotIfDead(sender.identity, releases: &releases)
            ids.formUnion(slots[sender.identity]?.receivers ?? [])
        }
        return ids.compactMap { receivers[$0] }.sorted { $0.sequence < $1.sequence }
    }

    /// The live receivers a send from `sender` would call, in connection order; purges those whose owner is gone.
    mutating func liveReceivers(for sender: Sender, releases: inout DeferredReleases) -> [ReceiverID] {
        snapshot(for: sender, releases: &releases).compactMap { receiver in
            purgeReceiverIfOwnerGone(receiver.id, releases: &releases)
            return receivers[receiver.id] == nil ? nil : receiver.id
        }
    }

    /// Every live receiver, in connection order, after purging everything dead.
    mutating func allLiveReceivers(releases: inout DeferredReleases) -> [ReceiverID] {
        sweep(releases: &releases)
        return receivers.values.sorted { $0.sequence < $1.sequence }.map(\.id)
    }

    /// Whether `receiver` is still connected to `sender` or to any sender: checked at a receiver's turn in a send.
    func isConnected(_ receiver: Receiver, for sender: Sender) -> Bool {
        guard let current = receivers[receiver.id], current.sequence == receiver.sequence else { return false }
        return current.senders.contains { $0 == .any || $0 == sender }
    }

    /// Removes `receiver` without reporting it: called when a send found its owner gone.
    mutating func forget(_ receiver: Receiver, releases: inout DeferredReleases) {
        guard receivers[receiver.id]?.sequence == receiver.sequence else { return }
        removeReceiver(receiver.id, releases: &releases)
    }

    private mutating func sweepIfDue(releases: inout DeferredReleases) {
        if receivers.count + slots.count >= sweepSize {
            sweep(releases: &releases)
        }
    }

    private mutating func sweep(releases: inout DeferredReleases) {
        for identity in Array(slots.keys) {
            purgeSlotIfDead(identity, releases: &releases)
        }
        for id in Array(receivers.keys) {
            purgeReceiverIfOwnerGone(id, releases: &releases)
        }
        sweepSize = max(Self.minimumSweepSize, 2 * (receivers.count + slots.count))
    }

    /// Removes the slot of a sender whose object is gone, and every receiver connected to nothing else.
    private mutating func purgeSlotIfDead(_ identity: Sender.Identity, releases: inout DeferredReleases) {
        guard let slot = slots[identity], !slot.sender.isAlive(deferringReleaseTo: &releases) else { return }
        slots[identity] = nil
        for id in slot.receivers {
            guard var receiver = receivers[id] else { continue }
            receiver.senders.removeAll { $0.identity == identity }
            if receiver.senders.isEmpty {
                receivers[id] = nil
                releases.hold(receiver)
            } else {
                receivers[id] = receiver
            }
        }
    }

    private mutating func purgeReceiverIfOwnerGone(_ id: ReceiverID, releases: inout DeferredReleases) {
        guard let owner = receivers[id]?.owner, !owner.isAlive(deferringReleaseTo: &releases) else { return }
        removeReceiver(id, releases: &releases)
    }

    private mutating func removeReceiver(_ id: ReceiverID, releases: inout DeferredReleases) {
        guard let receiver = receivers.removeValue(forKey: id) else { return }
        for sender in receiver.senders {
            removeFromSlot(id, sender.identity)
        }
        releases.hold(receiver)
    }

    private mutating func removeFromSlot(_ id: ReceiverID, _ identity: Sender.Identity) {
        slots[identity]?.receivers.remove(id)
        if slots[identity]?.receivers.isEmpty == true {
            slots[identity] = nil
        }
    }
}
