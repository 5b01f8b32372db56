import Signals
import Testing

@Suite("Namespace")
struct NamespaceTests {
    @Test("1. signal(_:) returns the same instance every time for a name")
    func signalReturnsTheSameInstanceForAName() {
        let namespace = Namespace()
        let first = namespace.signal("x", doc: "first doc", of: Int.self)
        let again = namespace.signal("x", doc: "ignored", of: Int.self)

        #expect(first === again)
        #expect(again.doc == "first doc")
        #expect(namespace.signal("y", of: Int.self) !== first)
        #expect(Namespace().signal("x", of: Int.self) !== first)
    }
}
