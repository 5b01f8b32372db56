/// A signal's two meta-signals, created on first use so that a signal does not build meta-signals of its own
/// meta-signals.
struct MetaSignals: Sendable {
    let connected: Signal<ConnectionEvent, Void>
    let disconnected: Signal<ConnectionEvent, Void>

    init(signalName: String) {
        connected = Signal(name: "\(signalName).receiverConnected")
        disconnected = Signal(name: "\(signalName).receiverDisconnected")
    }
}
