/// One receiver as the registry stores it: its closure, its owner, and the senders it is connected to.
struct RegisteredReceiver<Payload: Sendable, Output: Sendable>: Sendable {
    /// The receiver's closure. It returns `nil` instead of calling the user's closure when the owner it is
    /// bound to is gone.
    enum Body: Sendable {
        case sync(@Sendable (Sender, Payload) throws -> Output?)
        case async(@Sendable (Sender, Payload) async throws -> Output?)
    }

    let id: ReceiverID
    /// Orders receivers by first connection; also tells a receiver apart from a later one with the same id.
    let sequence: UInt64
    let body: Body
    /// The owner's liveness for an owner-bound receiver; `nil` for a plain closure, which is held strongly.
    let owner: ObjectLiveness?
    /// The senders it is connected to, in connection order.
    var senders: [Sender]
}
