import SignalLog
import Signals

/// The signals the store sends, one per ``KnownSignal``, each carrying the committed record.
///
/// Every signal is sent after its transaction has committed, never inside it, with the store as sender
/// (`Sender.object(store)`) and the ``SignalRecord`` (its `seq` already assigned) as payload. A receiver that
/// needs only one store connects with that sender; the log relay connects to all of them.
public struct BucketlistSignals: Sendable {
    /// The namespace the signals live in.
    public let namespace: Namespace

    /// Uses `namespace` (a new one by default) for the store's signals.
    public init(namespace: Namespace = Namespace()) {
        self.namespace = namespace
    }

    /// The name of the signal that announces `signal` in the namespace: `bucketlist.created` is sent on
    /// `bucketlist-created`.
    public static func name(of signal: KnownSignal) -> String {
        String(signal.rawValue.map { $0 == "." ? "-" : $0 })
    }

    /// The signal that announces records of `signal`.
    public func signal(for signal: KnownSignal) -> Signal<SignalRecord, Void> {
        namespace.signal(Self.name(of: signal), doc: "sent after a committed \(signal.rawValue)", of: SignalRecord.self)
    }

    /// All the store's signals, for receivers that want every record.
    public var all: [Signal<SignalRecord, Void>] {
        KnownSignal.allCases.map(signal(for:))
    }
}
