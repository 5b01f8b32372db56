/// The payload of the meta-signals ``Signal/receiverConnected`` and ``Signal/receiverDisconnected``.
public struct ConnectionEvent: Hashable, Sendable {
    /// The receiver connected or disconnected.
    public let receiver: ReceiverID
    /// The sender it was connected to or disconnected from.
    public let sender: Sender

    /// Creates an event; signals make these, tests may too.
    public init(receiver: ReceiverID, sender: Sender) {
        self.receiver = receiver
        self.sender = sender
    }
}
