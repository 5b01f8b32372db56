import Synchronization

/// A set of named signals: asking for a name returns the same signal every time.
///
/// The namespace holds its signals strongly, so receivers connected to a signal stay connected even when no one
/// else keeps the signal. Share one namespace for an application (say, `static let signals = Namespace()`).
public final class Namespace: Sendable {
    private let signals = Mutex<[String: any AnyObject & Sendable]>([:])

    /// Creates an empty namespace.
    public init() {}

    /// The signal named `name`, whose receivers return nothing; created on first request.
    ///
    /// As ``signal(_:doc:of:returning:)`` with `Void` output.
    public func signal<Payload: Sendable>(
        _ name: String,
        doc: String = "",
        of payload: Payload.Type
    ) -> Signal<Payload, Void> {
        signal(name, doc: doc, of: payload, returning: Void.self)
    }

    /// The signal named `name`, created on first request with `doc`; later requests get the same instance.
    ///
    /// The first request fixes the signal's doc and types. Asking for an existing name with other types is a
    /// programming error and stops the program with a message naming both.
    public func signal<Payload: Sendable, Output: Sendable>(
        _ name: String,
        doc: String = "",
        of payload: Payload.Type,
        returning output: Output.Type
    ) -> Signal<Payload, Output> {
        let existing = signals.withLock(sanitizerAddress: self) { signals in
            if let existing = signals[name] { return existing }
            let created = Signal<Payload, Output>(name: name, doc: doc)
            signals[name] = created
            return created
        }
        guard let signal = existing as? Signal<Payload, Output> else {
            preconditionFailure(
                "signal '\(name)' exists as \(type(of: existing)) and was requested as \(Signal<Payload, Output>.self)"
            )
        }
        return signal
    }
}
