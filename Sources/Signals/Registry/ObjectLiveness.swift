/// A weak reference kept only to tell whether an object still exists.
///
/// `@unchecked Sendable` is safe here: the only stored state is a `weak let` set once in `init` and an
/// `ObjectIdentifier`, and the object is never used through the reference: it is only loaded to test for `nil`,
/// and the strong reference that the load creates is handed to a ``DeferredReleases`` without being touched.
final class ObjectLiveness: @unchecked Sendable {
    private weak let object: AnyObject?
    let identifier: ObjectIdentifier

    init(_ object: AnyObject) {
        self.object = object
        identifier = ObjectIdentifier(object)
    }

    /// Whether the object still exists.
    ///
    /// Checking takes a strong reference for a moment; it goes to `releases`, so that if it turns out to be the
    /// last one, the object's deinit runs where the caller drops `releases` (outside any lock), not here.
    func isAlive(deferringReleaseTo releases: inout DeferredReleases) -> Bool {
        guard let object else { return false }
        releases.hold(KeptObject(object))
        return true
    }
}

/// An object held only to delay its release; never used.
///
/// `@unchecked Sendable` is safe: the object is stored, moved and released, never read or called.
private struct KeptObject: @unchecked Sendable {
    let object: AnyObject

    init(_ object: AnyObject) {
        self.object = object
    }
}
