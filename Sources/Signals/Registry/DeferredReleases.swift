/// Values whose release must wait until a lock is released.
///
/// Dropping the last reference to a receiver closure, an owner or a sender object can run a deinit, and a deinit
/// is user code: it may call back into the signal. Code that holds the registry's lock hands such values here;
/// the caller keeps the `DeferredReleases` in a local variable declared outside the lock, so they are released
/// after unlocking.
struct DeferredReleases: Sendable {
    private var held: [any Sendable] = []

    mutating func hold(_ value: any Sendable) {
        held.append(value)
    }
}
