/// A token for one (receiver, sender) pair made by `connect`, able to undo it.
///
/// Dropping the token does not disconnect; the connection lasts until it is disconnected (or until its owner or
/// sender object is deallocated). The token holds the signal weakly.
public struct Connection: Sendable {
    /// The receiver that was connected.
    public let receiver: ReceiverID
    /// The sender it was connected to.
    public let sender: Sender

    private let disconnector: @Sendable (ReceiverID, Sender) -> Bool

    init(receiver: ReceiverID, sender: Sender, disconnector: @escaping @Sendable (ReceiverID, Sender) -> Bool) {
        self.receiver = receiver
        self.sender = sender
        self.disconnector = disconnector
    }

    /// Disconnects this pair, as `signal.disconnect(receiver, sender: sender)` does.
    ///
    /// - Returns: Whether the pair was still connected.
    @discardableResult
    public func disconnect() -> Bool {
        disconnector(receiver, sender)
    }
}
