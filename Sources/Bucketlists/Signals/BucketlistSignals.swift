import SignalLog
import Signals

/// The signals the store sends, one per record signal, each carrying the committed record.
///
/// Every signal is sent after its transaction has committed, never inside it, with the store as sender
/// (`Sender.object(store)`) and the ``SignalRecord`` (its `seq` already assigned) as payload. A receiver that
/// needs only one store connects with that sender; the log relay connects to all of them.
public struct BucketlistSignals: Sendable {
    /// The namespace the signals live in; ask it for a signal by name to connect to it.
    public let namespace: Namespace

    /// The signal name for each record signal: `bucketlist.created` is sent on `bucketlist-created`.
    public static let names: [String: String] = [
        "user.registered": "user-registered",
        "bucketlist.created": "bucketlist-created",
        "bucketlist.updated": "bucketlist-updated",
        "bucketlist.deleted": "bucketlist-deleted",
        "item.created": "item-created",
        "item.updated": "item-updated",
        "item.deleted": "item-deleted",
    ]

    /// Uses `namespace` (a new one by default) for the store's signals.
    public init(namespace: Namespace = Namespace()) {
        self.namespace = namespace
    }

    /// The signal that announces records whose `signal` field is `recordSignal` (`item.updated`, …).
    ///
    /// - Precondition: `recordSignal` is one of the keys of ``names``.
    public func signal(for recordSignal: String) -> Signal<SignalRecord, Void> {
        guard let name = Self.names[recordSignal] else {
            preconditionFailure("no signal is defined for record signal '\(recordSignal)'")
        }
        return namespace.signal(name, doc: "sent after a committed \(recordSignal)", of: SignalRecord.self)
    }

    /// All the store's signals, for receivers that want every record.
    public var all: [Signal<SignalRecord, Void>] {
        Self.names.keys.sorted().map(signal(for:))
    }
}
