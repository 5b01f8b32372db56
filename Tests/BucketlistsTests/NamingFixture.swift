import BackendTestSupport
import GRDB
import PostgresNIO
import Testing

@testable import Bucketlists

/// The store operations that set a name: creating and renaming a list or an item.
enum NamingOperation: CaseIterable, Sendable, CustomTestStringConvertible {
    case createList, renameList, addItem, renameItem

    var testDescription: String {
        switch self {
        case .createList: "createList"
        case .renameList: "renameList"
        case .addItem: "addItem"
        case .renameItem: "updateItem(name:)"
        }
    }
}

/// A store with alice, her list "Trips" and its item "Lisbon", to name things in.
struct NamingFixture {
    let test: TestStore
    let alice: User
    let listID: Int64
    let itemID: Int64

    init(_ backend: TestBackend = .sqlite) async throws {
        test = try await TestStore(backend)
        alice = try await test.register("alice")
        listID = try #require(try await test.store.createList(named: "Trips", by: alice).id)
        itemID = try #require(try await test.store.addItem(named: "Lisbon", toList: listID, by: alice).id)
    }

    /// Gives `name` through `operation` and returns the name the store kept.
    @discardableResult
    func name(_ operation: NamingOperation, _ name: String) async throws -> String {
        let store = test.store
        switch operation {
        case .createList: return try await store.createList(named: name, by: alice).name
        case .renameList: return try await store.renameList(id: listID, to: name, by: alice).name
        case .addItem: return try await store.addItem(named: name, toList: listID, by: alice).name
        case .renameItem: return try await store.updateItem(id: itemID, inList: listID, name: name, by: alice).name
        }
    }

    /// The names of every list and item, by id.
    func storedNames() async throws -> [String] {
        switch test.store.backend {
        case .sqlite(let database):
            return try await database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM bucketlist ORDER BY id")
                    + String.fetchAll(db, sql: "SELECT name FROM item ORDER BY id")
            }
        case .postgres(let database):
            var names: [String] = []
            for table in ["bucketlists", "items"] {
                let rows = try await database.client.query(
                    PostgresQuery(unsafeSQL: "SELECT name FROM \(table) ORDER BY id"))
                for try await name in rows.decode(String.self) { names.append(name) }
            }
            return names
        }
    }
}
