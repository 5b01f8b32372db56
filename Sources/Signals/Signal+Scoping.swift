import Synchronization

extension Signal {
    /// Connects `receiver` for the duration of `body`, then disconnects it, even if `body` throws.
    ///
    /// The usual use is a test that listens while it acts: the receiver cannot outlive the block. If `id` was
    /// already connected to `sender` before the block, that connection existed first and is left in place.
    ///
    /// - Returns: What `body` returns.
    public func connected<T>(
        sender: Sender = .any,
        id: ReceiverID? = nil,
        _ receiver: @escaping @Sendable (Sender, Payload) throws -> Output,
        during body: () throws -> T
    ) rethrows -> T {
        let registration = register(sender: sender, id: id, owner: nil, body: .sync(receiver))
        defer {
            if registration.isNew { registration.connection.disconnect() }
        }
        return try body()
    }

    /// Connects `receiver` for the duration of the async `body`, then disconnects it, even if `body` throws.
    ///
    /// As ``connected(sender:id:_:during:)-(_,_,_,()->T)``; `body` runs on the caller's actor.
    public func connected<T>(
        sender: Sender = .any,
        id: ReceiverID? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ receiver: @escaping @Sendable (Sender, Payload) throws -> Output,
        during body: () async throws -> T
    ) async rethrows -> T {
        let registration = register(sender: sender, id: id, owner: nil, body: .sync(receiver))
        defer {
            if registration.isNew { registration.connection.disconnect() }
        }
        return try await body()
    }

    /// Runs `body` with the signal muted: every send, from any task, calls nothing and returns an empty list.
    ///
    /// Blocks nest: the signal stays muted until the outermost block running has returned or thrown. Muting is
    /// per signal but not per task, so sends from other tasks during `body` are muted too.
    ///
    /// - Returns: What `body` returns.
    public func muted<T>(_ body: () throws -> T) rethrows -> T {
        registry.withLock(sanitizerAddress: self) { $0.muteDepth += 1 }
        defer { registry.withLock(sanitizerAddress: self) { $0.muteDepth -= 1 } }
        return try body()
    }

    /// Runs the async `body` with the signal muted, as ``muted(_:)-(()->T)``; `body` runs on the caller's actor.
    public func muted<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async rethrows -> T {
        registry.withLock(sanitizerAddress: self) { $0.muteDepth += 1 }
        defer { registry.withLock(sanitizerAddress: self) { $0.muteDepth -= 1 } }
        return try await body()
    }
}
