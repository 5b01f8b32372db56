import Synchronization

extension Signal {
    /// Calls every receiver for a send from `sender` (`.any` by default), in order, and returns their replies.
    ///
    /// Receivers connected to any sender and those connected to `sender` are called, each once, in connection
    /// order. While the signal is ``muted(_:)``, or with no receivers, nothing is called and the result is empty.
    ///
    /// - Returns: One ``Reply`` per receiver called, in call order.
    /// - Throws: The first error a receiver throws; the receivers after it are not called. An async receiver
    ///   counts as throwing ``SignalError`` (code ``SignalError/Code/asyncReceiverInSynchronousSend``).
    public func send(from sender: Sender = .any, _ payload: Payload) throws -> [Reply<Output>] {
        var replies: [Reply<Output>] = []
        for receiver in turns(for: sender) where isStillConnected(receiver, for: sender) {
            guard case .sync(let call) = receiver.body else {
                throw SignalError(asyncReceiver: receiver.id, signal: name)
            }
            guard let output = try call(sender, payload) else {
                forget(receiver)
                continue
            }
            replies.append(Reply(receiver: receiver.id, value: output))
        }
        return replies
    }

    /// Calls every receiver as ``send(from:_:)`` does, but never stops at an error.
    ///
    /// - Returns: One ``Reply`` per receiver called, in call order, holding what it returned or threw. An async
    ///   receiver is reported as a failure with ``SignalError`` (code
    ///   ``SignalError/Code/asyncReceiverInSynchronousSend``); use ``sendAsync(from:_:)`` to run it.
    public func sendRobust(from sender: Sender = .any, _ payload: Payload) -> [Reply<Result<Output, any Error>>] {
        var replies: [Reply<Result<Output, any Error>>] = []
        for receiver in turns(for: sender) where isStillConnected(receiver, for: sender) {
            guard case .sync(let call) = receiver.body else {
                let error = SignalError(asyncReceiver: receiver.id, signal: name)
                replies.append(Reply(receiver: receiver.id, value: .failure(error)))
                continue
            }
            switch Result(catching: { try call(sender, payload) }) {
            case .success(let output?): replies.append(Reply(receiver: receiver.id, value: .success(output)))
            case .success(nil): forget(receiver)
            case .failure(let error): replies.append(Reply(receiver: receiver.id, value: .failure(error)))
            }
        }
        return replies
    }

    /// Calls every receiver as ``send(from:_:)`` does, awaiting async receivers and calling sync ones directly.
    ///
    /// Receivers run one after another, in connection order; none starts before the previous one returned.
    /// Cancellation is left to the receivers.
    ///
    /// - Returns: One ``Reply`` per receiver called, in call order.
    /// - Throws: The first error a receiver throws; the receivers after it are not called.
    public func sendAsync(from sender: Sender = .any, _ payload: Payload) async throws -> [Reply<Output>] {
        var replies: [Reply<Output>] = []
        for receiver in turns(for: sender) where isStillConnected(receiver, for: sender) {
            let output: Output?
            switch receiver.body {
            case .sync(let call): output = try call(sender, payload)
            case .async(let call): output = try await call(sender, payload)
            }
            guard let output else {
                forget(receiver)
                continue
            }
            replies.append(Reply(receiver: receiver.id, value: output))
        }
        return replies
    }

    /// The snapshot a send works through: the receivers to call, in order; empty while muted.
    private func turns(for sender: Sender) -> [RegisteredReceiver<Payload, Output>] {
        var releases = DeferredReleases()
        return registry.withLock(sanitizerAddress: self) { registry in
            registry.muteDepth > 0 ? [] : registry.snapshot(for: sender, releases: &releases)
        }
    }

    private func isStillConnected(_ receiver: RegisteredReceiver<Payload, Output>, for sender: Sender) -> Bool {
        registry.withLock(sanitizerAddress: self) { $0.isConnected(receiver, for: sender) }
    }

    private func forget(_ receiver: RegisteredReceiver<Payload, Output>) {
        var releases = DeferredReleases()
        registry.withLock(sanitizerAddress: self) { $0.forget(receiver, releases: &releases) }
    }
}
