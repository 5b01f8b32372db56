/// Who a signal is sent from, and which senders a receiver listens to.
///
/// A sender is one of three kinds, chosen explicitly:
/// - ``any``: a receiver connected to it hears every send; a send from it reaches only such receivers.
/// - ``object(_:)``: an object, compared by identity. The signal holds it weakly. Once the object is
///   deallocated, receivers connected only to it are purged, and a new object that happens to reuse its address
///   is a different sender that reaches none of them.
/// - ``value(_:)``: a hashable value, compared by value: two equal strings are one sender.
///
/// Equality and hashing follow the same rules (an object sender compares by `ObjectIdentifier`, so compare
/// object senders only while their objects are alive).
public struct Sender: Hashable, Sendable, CustomStringConvertible {
    enum Identity: Hashable, Sendable {
        case any
        case object(ObjectIdentifier)
        case value(HashableValue)
    }

    let identity: Identity
    /// The object's liveness for an object sender; `nil` for the other kinds.
    let liveness: ObjectLiveness?

    private init(identity: Identity, liveness: ObjectLiveness?) {
        self.identity = identity
        self.liveness = liveness
    }

    /// No particular sender: connect to it to hear every send, send from it to reach only such receivers.
    public static let any = Sender(identity: .any, liveness: nil)

    /// An object sender, compared by identity and held weakly.
    ///
    /// Connecting a receiver to an object that is already deallocated connects nothing.
    public static func object(_ object: AnyObject) -> Sender {
        let liveness = ObjectLiveness(object)
        return Sender(identity: .object(liveness.identifier), liveness: liveness)
    }

    /// A value sender, compared by value (as `AnyHashable` compares: `1 as Int` and `1 as UInt8` are equal).
    public static func value(_ value: some Hashable & Sendable) -> Sender {
        Sender(identity: .value(HashableValue(value)), liveness: nil)
    }

    /// The value of a value sender, if it is one and holds a `Value`; `nil` otherwise.
    public func value<Value: Hashable & Sendable>(as type: Value.Type = Value.self) -> Value? {
        guard case .value(let value) = identity else { return nil }
        return value.base as? Value
    }

    /// Whether this sender is still deliverable: false only for an object sender whose object is gone.
    func isAlive(deferringReleaseTo releases: inout DeferredReleases) -> Bool {
        liveness?.isAlive(deferringReleaseTo: &releases) ?? true
    }

    /// Two senders are equal when they are the same kind and the same identity or value.
    public static func == (lhs: Sender, rhs: Sender) -> Bool {
        lhs.identity == rhs.identity
    }

    /// Hashes the sender's kind and identity or value, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
    }

    /// `any`, `object(ObjectIdentifier(…))` or `value(…)`, for logs and test failures.
    public var description: String {
        switch identity {
        case .any: "any"
        case .object(let identifier): "object(\(identifier))"
        case .value(let value): "value(\(String(reflecting: value.base)))"
        }
    }
}
