import Synchronization

/// The identity of a receiver within a signal: what `connect` deduplicates on and what `disconnect` names.
///
/// Swift closures have no identity, so a receiver is named either by you (`"audit-log"`, or any string literal)
/// or by the signal, which generates a fresh id for every `connect` that passes none. Two receivers with the same
/// id on one signal are the same receiver: connecting it again is a no-op.
public struct ReceiverID: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    private enum Storage: Hashable, Sendable {
        case named(String)
        case generated(UInt64)
    }

    private static let lastGenerated = Atomic<UInt64>(0)

    private let storage: Storage

    /// Names a receiver; the same name always means the same receiver on a given signal.
    public init(_ name: String) {
        storage = .named(name)
    }

    /// Names a receiver with a string literal, as in `connect(id: "audit-log") { … }`.
    public init(stringLiteral name: String) {
        storage = .named(name)
    }

    /// A new id, different from every named id and every other generated one in this process.
    static func generated() -> ReceiverID {
        let number = lastGenerated.wrappingAdd(1, ordering: .relaxed).newValue
        return ReceiverID(storage: .generated(number))
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    /// The name given to the receiver, or `receiver#N` for a generated id.
    public var description: String {
        switch storage {
        case .named(let name): name
        case .generated(let number): "receiver#\(number)"
        }
    }
}
