import Synchronization

/// A named signal: receivers connect to it, optionally for one sender, and every send calls them in order.
///
/// `Payload` is what a send carries; `Output` is what each receiver returns (use `Void` when receivers return
/// nothing). A send returns one ``Reply`` per receiver called, in call order.
///
/// Guarantees:
/// - Receivers are called in the order they were first connected, from a snapshot taken when the send starts:
///   a receiver connected during a send is not called by that send.
/// - A receiver disconnected during a send, before its turn, is not called by that send; one disconnected while it
///   is running finishes normally. (The snapshot fixes who may be called and in what order; each receiver is
///   checked again just before it is called.)
/// - The registry is behind a `Mutex`, and receivers run outside it: a receiver may connect, disconnect or send
///   on any signal, including this one.
/// - Plain closures are held strongly until disconnected. A receiver bound to an owner with
///   `connect(owner:sender:id:_:)` ends by itself when the owner is deallocated, without a
///   ``receiverDisconnected`` event.
///
/// Get a shared instance by name from a ``Namespace``, or create an anonymous one with ``init(name:doc:)``.
public final class Signal<Payload: Sendable, Output: Sendable>: Sendable {
    /// The name the signal was created with; it appears in errors.
    public let name: String
    /// What the signal announces and what its payload means, for readers of the code and of logs.
    public let doc: String

    let registry = Mutex(ReceiverRegistry<Payload, Output>())

    /// Creates a signal that belongs to no namespace; ``Namespace/signal(_:doc:of:)`` shares one by name instead.
    public init(name: String, doc: String = "") {
        self.name = name
        self.doc = doc
    }

    /// Sent after a new (receiver, sender) pair is connected; the sender of the meta-signal is this signal.
    ///
    /// Connecting a pair that is already connected sends nothing. The meta-signal is sent with
    /// ``sendRobust(from:_:)`` on the connecting task, after the connection exists: errors its receivers throw are
    /// ignored, and async receivers are not run.
    public var receiverConnected: Signal<ConnectionEvent, Void> {
        meta.connected
    }

    /// Sent after a (receiver, sender) pair is explicitly disconnected, once per pair; the sender of the meta-signal
    /// is this signal.
    ///
    /// Explicit means ``disconnect(_:)``, ``disconnect(_:sender:)``, ``Connection/disconnect()`` or the end of a
    /// scoped connection. Receivers that end because their owner or their sender object was deallocated send
    /// nothing. Delivery is as for ``receiverConnected``.
    public var receiverDisconnected: Signal<ConnectionEvent, Void> {
        meta.disconnected
    }

    private var meta: MetaSignals {
        registry.withLock(sanitizerAddress: self) { registry in
            if let meta = registry.metaSignals { return meta }
            let created = MetaSignals(signalName: name)
            registry.metaSignals = created
            return created
        }
    }

    /// Connects a receiver that is called for every send from `sender` (or from any sender, by default).
    ///
    /// The closure is held strongly until disconnected. With an `id` that is already connected to `sender`, the
    /// call is a no-op; with an `id` connected to other senders, it adds `sender` and keeps the first closure.
    /// Without an `id`, every call connects a new receiver.
    ///
    /// - Returns: A token for this (receiver, sender) pair; dropping it does not disconnect.
    @discardableResult
    public func connect(
        sender: Sender = .any,
        id: ReceiverID? = nil,
        _ receiver: @escaping @Sendable (Sender, Payload) throws -> Output
    ) -> Connection {
        register(sender: sender, id: id, owner: nil, body: .sync(receiver)).connection
    }

    /// Connects an async receiver; only ``sendAsync(from:_:)`` runs it.
    ///
    /// ``send(from:_:)`` and ``sendRobust(from:_:)`` cannot await: for this receiver they report a
    /// ``SignalError`` with code ``SignalError/Code/asyncReceiverInSynchronousSend``. Otherwise as the
    /// synchronous `connect(sender:id:_:)`.
    @discardableResult
    public func connect(
        sender: Sender = .any,
        id: ReceiverID? = nil,
        _ receiver: @escaping @Sendable (Sender, Payload) async throws -> Output
    ) -> Connection {
        register(sender: sender, id: id, owner: nil, body: .async(receiver)).connection
    }

    /// Connects a receiver that lives as long as `owner`, which the signal holds weakly.
    ///
    /// The closure gets the owner as its first argument, so it need not capture it (capturing it strongly would
    /// keep it alive forever). Once the owner is deallocated the receiver is no longer called and is purged, and no
    /// ``receiverDisconnected`` event is sent for it. Otherwise as `connect(sender:id:_:)`.
    @discardableResult
    public func connect<Owner: AnyObject & Sendable>(
        owner: Owner,
        sender: Sender = .any,
        id: ReceiverID? = nil,
        _ receiver: @escaping @Sendable (Owner, Sender, Payload) throws -> Output
    ) -> Connection {
        let body = RegisteredReceiver<Payload, Output>.Body.sync { [weak owner] sender, payload in
            guard let owner else { return nil }
            return try receiver(owner, sender, payload)
        }
        return register(sender: sender, id: id, owner: ObjectLiveness(owner), body: body).connection
    }

    /// Connects an async receiver that lives as long as `owner`; only ``sendAsync(from:_:)`` runs it.
    ///
    /// As the synchronous `connect(owner:sender:id:_:)`, for an async closure.
    @discardableResult
    public func connect<Owner: AnyObject & Sendable>(
        owner: Owner,
        sender: Sender = .any,
        id: ReceiverID? = nil,
        _ receiver: @escaping @Sendable (Owner, Sender, Payload) async throws -> Output
    ) -> Connection {
        let body = RegisteredReceiver<Payload, Output>.Body.async { [weak owner] sender, payload in
            guard let owner else { return nil }
            return try await receiver(owner, sender, payload)
        }
        return register(sender: sender, id: id, owner: ObjectLiveness(owner), body: body).connection
    }

    /// Disconnects a receiver from every sender it is connected to.
    ///
    /// Sends one ``receiverDisconnected`` event per (receiver, sender) pair removed.
    ///
    /// - Returns: Whether anything was disconnected.
    @discardableResult
    public func disconnect(_ receiver: ReceiverID) -> Bool {
        unregister(receiver, from: nil)
    }

    /// Disconnects one (receiver, sender) pair; the receiver stays connected to its other senders.
    ///
    /// `sender: .any` removes only the receiver's connection to any sender, unlike blinker, where it means all.
    /// Sends a ``receiverDisconnected`` event if the pair existed.
    ///
    /// - Returns: Whether the pair existed.
    @discardableResult
    public func disconnect(_ receiver: ReceiverID, sender: Sender) -> Bool {
        unregister(receiver, from: sender)
    }

    /// Whether a send from `sender` would call at least one receiver (ignoring ``muted(_:)``).
    ///
    /// Exact: dead object senders and receivers whose owner is gone are purged first. For `.any`, it tells whether
    /// any receiver is connected to any sender, since a send from `.any` reaches only those.
    public func hasReceivers(for sender: Sender) -> Bool {
        !receivers(for: sender).isEmpty
    }

    /// The receivers a send from `sender` would call now, in call order (ignoring ``muted(_:)``).
    public func receivers(for sender: Sender) -> [ReceiverID] {
        var releases = DeferredReleases()
        return registry.withLock(sanitizerAddress: self) { $0.liveReceivers(for: sender, releases: &releases) }
    }

    /// Every receiver connected now, to any sender, in connection order.
    ///
    /// Purges dead object senders and receivers whose owner is gone before answering; costs a pass over the whole
    /// registry.
    public var connectedReceivers: [ReceiverID] {
        var releases = DeferredReleases()
        return registry.withLock(sanitizerAddress: self) { $0.allLiveReceivers(releases: &releases) }
    }

    /// Registers a receiver and sends ``receiverConnected`` if a new pair was made.
    func register(
        sender: Sender,
        id: ReceiverID?,
        owner: ObjectLiveness?,
        body: RegisteredReceiver<Payload, Output>.Body
    ) -> (connection: Connection, isNew: Bool) {
        let id = id ?? .generated()
        var releases = DeferredReleases()
        let (isNew, meta) = registry.withLock(sanitizerAddress: self) { registry in
            (registry.connect(id, to: sender, owner: owner, body: body, releases: &releases), registry.metaSignals)
        }
        if isNew, let meta {
            _ = meta.connected.sendRobust(from: .object(self), ConnectionEvent(receiver: id, sender: sender))
        }
        let connection = Connection(receiver: id, sender: sender) { [weak self] receiver, sender in
            self?.disconnect(receiver, sender: sender) ?? false
        }
        return (connection, isNew)
    }

    private func unregister(_ receiver: ReceiverID, from sender: Sender?) -> Bool {
        var releases = DeferredReleases()
        let (removed, meta) = registry.withLock(sanitizerAddress: self) { registry in
            (registry.disconnect(receiver, from: sender, releases: &releases), registry.metaSignals)
        }
        if !removed.isEmpty, let meta {
            for sender in removed {
                let event = ConnectionEvent(receiver: receiver, sender: sender)
                _ = meta.disconnected.sendRobust(from: .object(self), event)
            }
        }
        return !removed.isEmpty
    }
}
