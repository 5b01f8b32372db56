/// An error raised by the signal library itself, as opposed to one a receiver throws.
///
/// Compare errors by ``code``; the other fields say where it happened.
public struct SignalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case asyncReceiverInSynchronousSend
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A synchronous send met an async receiver, which it cannot await.
        public static let asyncReceiverInSynchronousSend = Code(.asyncReceiverInSynchronousSend)

        /// What the code means and what to do about it.
        public var description: String {
            switch value {
            case .asyncReceiverInSynchronousSend:
                "the receiver is async and send or sendRobust cannot await it; "
                    + "send with sendAsync(from:_:) or connect a synchronous receiver"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// The name of the signal that was sent.
    public let signal: String
    /// The receiver concerned.
    public let receiver: ReceiverID

    init(asyncReceiver receiver: ReceiverID, signal: String) {
        code = .asyncReceiverInSynchronousSend
        self.signal = signal
        self.receiver = receiver
    }

    /// What happened, where, and what to do.
    public var description: String {
        "signal '\(signal)', receiver '\(receiver)': \(code)"
    }
}
