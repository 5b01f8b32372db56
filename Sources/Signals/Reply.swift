/// What one receiver returned from a send, with the receiver's id.
///
/// `send` and `sendAsync` return `Reply<Output>`; `sendRobust` returns `Reply<Result<Output, any Error>>`.
public struct Reply<Value: Sendable>: Sendable {
    /// The receiver that was called.
    public let receiver: ReceiverID
    /// What it returned (or, from `sendRobust`, what it returned or threw).
    public let value: Value

    /// Creates a reply; sends make these, tests and wrappers may too.
    public init(receiver: ReceiverID, value: Value) {
        self.receiver = receiver
        self.value = value
    }
}

extension Reply: Equatable where Value: Equatable {}
