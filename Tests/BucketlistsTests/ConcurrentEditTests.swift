import BackendTestSupport
import SignalLog
import Testing

@testable import Bucketlists

@Suite("Concurrent edits of one item")
struct ConcurrentEditTests {
    @Test(arguments: TestBackend.allCases)
    func concurrentRenamesOfOneItemLoseNoUpdateAndEachRecordReplacesThePreviousName(backend: TestBackend)
        async throws
    {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let listID = try #require(try await test.store.createList(named: "Trips", by: alice).id)
        let itemID = try #require(try await test.store.addItem(named: "start", toList: listID, by: alice).id)
        let names = (1...24).map { "name-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask {
                    _ = try await test.store.updateItem(id: itemID, inList: listID, name: name, by: alice)
                }
            }
            try await group.waitForAll()
        }
        let updates = try await test.outbox().filter { $0.signal == "item.updated" }
        // Every rename committed and recorded, and each saw the name the previous one wrote: a lost update would
        // leave two records replacing the same old name.
        #expect(updates.count == names.count)
        var current = JSONValue.string("start")
        for record in updates {
            let change = try #require(record.changes.first { $0.field == "name" })
            #expect(change.old == current)
            current = change.new
        }
        #expect(Set(updates.compactMap { $0.changes.first?.new }) == Set(names.map { JSONValue.string($0) }))
        let stored = try await test.store.list(id: listID, ownedBy: alice).items.first?.name
        #expect(stored.map { JSONValue.string($0) } == current)
    }
}
