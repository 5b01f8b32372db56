import Foundation
import GRDB
import Logging
import SignalLog
import Testing

@testable import Bucketlists

@Suite("Outbox rows written by schema v1")
struct OutboxMigrationTests {
    /// A database as schema v1 left it, with two outbox rows in v1's own `changes` form (the text v1's
    /// codec wrote: objects tagged as `{"object": [{"key", "value"}]}` to keep their member order).
    func databaseLeftByV1() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v1: users, tokens, bucketlists, items, outbox")
        try queue.write { db in
            let insert = """
                INSERT INTO outbox (ts, source, signal, actorId, actorName, subjectType, subjectId, subjectTitle,
                  parentType, parentId, parentTitle, changes, requestId)
                VALUES (?, 'app-1', ?, 7, 'alice', ?, ?, ?, ?, ?, ?, ?, NULL)
                """
            try db.execute(
                sql: insert,
                arguments: [
                    1_764_000_000_000, "bucketlist.created", "bucketlist", 12, "Visit Japan", nil, nil, nil, "[]",
                ])
            try db.execute(
                sql: insert,
                arguments: [
                    1_764_000_000_001, "item.updated", "item", 311, "See the cherry blossoms", "bucketlist", 12,
                    "Visit Japan",
                    #"[{"field":"done","old":false,"new":true},"#
                        + #"{"new":{"object":[{"key":"z","value":[1.5,null]},{"value":{"object":[]},"key":"a"}]},"#
                        + #""field":"meta","old":"caf\u00e9"}]"#,
                ])
        }
        return queue
    }

    @Test func aV1OutboxIsMigratedAndRelaysWithItsChangesIntact() async throws {
        let database = try AppDatabase(try databaseLeftByV1())
        let relayed = CollectingLog()
        let relay = LogRelay(database: database, logger: Logger(label: "test.relay")) { try relayed.append($0) }

        #expect(try await relay.drain() == 2)
        let records = relayed.records
        #expect(records.map(\.seq) == [1, 2])
        #expect(records.map(\.signal) == ["bucketlist.created", "item.updated"])
        #expect(records[0].changes.isEmpty)
        #expect(
            records[1].changes == [
                SignalRecord.FieldChange(field: "done", old: .bool(false), new: .bool(true)),
                SignalRecord.FieldChange(
                    field: "meta", old: .string("café"),
                    new: .object([(key: "z", value: .array([.number(1.5), .null])), (key: "a", value: .object([]))])
                ),
            ])
        #expect(records.allSatisfy { (try? $0.validate()) != nil })
    }

    @Test func theMigrationRewritesTheColumnInTheLogsOwnForm() async throws {
        let database = try AppDatabase(try databaseLeftByV1())
        let columns = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT changes FROM outbox ORDER BY seq")
        }
        #expect(columns == ["{}", #"{"done":[false,true],"meta":["café",{"z":[1.5,null],"a":{}}]}"#])
    }

    @Test func aChangesColumnThatIsNotV1JSONStopsTheMigrationAndLeavesTheDatabaseAsItWas() throws {
        let queue = try databaseLeftByV1()
        try queue.write { db in try db.execute(sql: "UPDATE outbox SET changes = '[{\"field\":' WHERE seq = 2") }
        #expect(throws: StoreError.self) { try AppDatabase(queue) }
        let applied = try queue.read { db in try AppDatabase.migrator.appliedMigrations(db) }
        #expect(applied == ["v1: users, tokens, bucketlists, items, outbox"])
    }
}
