import Synchronization

/// Collects what receivers saw, from any thread, for the test to inspect afterwards.
final class Recorder<Element: Sendable>: Sendable {
    private let elements = Mutex<[Element]>([])

    func append(_ element: Element) {
        elements.withLock { $0.append(element) }
    }

    var all: [Element] {
        elements.withLock { $0 }
    }
}

/// An object with no state, to use as a sender or an owner.
final class Token: Sendable {}
