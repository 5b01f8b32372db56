import BackendTestSupport
import GRDB
import SignalLog
import Testing

@testable import Bucketlists

@Suite("The outbox refuses records longer than the written-line limit")
struct OutboxLineLimitTests {
    @Test(arguments: TestBackend.allCases)
    func aRecordOfExactlyTheLineLimitIsAcceptedAndOneByteMoreIsRefusedAndRolledBack(backend: TestBackend)
        async throws
    {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        _ = try await test.store.createList(named: "Trips", by: alice, requestID: "r")
        var sized = try #require(try await test.outbox().last)
        // SQLite checks a record's line with the seq it has. PostgreSQL numbers rows later, as the relay drains,
        // so it checks the line with the longest seq there can be and refuses such a record a few bytes earlier.
        if backend == .postgres { sized.seq = SignalRecord.maximumSeq }
        let shortLine = sized.encodedLine().count
        // The next records differ only in their request id: list id and time keep their width.
        let exact = String(repeating: "r", count: 1 + SignalRecord.maximumWrittenLineLength - shortLine)
        _ = try await test.store.createList(named: "Trips", by: alice, requestID: exact)
        let written = try #require(try await test.outbox().last)
        #expect(written.requestID == exact)
        let unusedDigits = String(sized.seq).count - String(written.seq).count
        #expect(written.encodedLine().count == SignalRecord.maximumWrittenLineLength - unusedDigits)

        let before = (try await test.outbox(), try await test.store.lists(ownedBy: alice).total)
        let error = try await #require(throws: StoreError.invalidInput()) {
            try await test.store.createList(named: "Trips", by: alice, requestID: exact + "r")
        }
        #expect(error.field == "record")
        #expect(
            error.message
                == "the bucketlist.created record of this change would be a log line of 65537 bytes, over the limit "
                + "of 65536; its largest part is the request id (\(exact.utf8.count + 1) bytes)"
        )
        #expect((try await test.outbox(), try await test.store.lists(ownedBy: alice).total) == before)
    }

    @Test func aChangeToARowNamedBeforeTheLimitsIsRefusedWhenItsRecordWouldPassTheLineLimit() async throws {
        let fixture = try await NamingFixture()
        let legacyName = String(repeating: "x", count: SignalRecord.maximumWrittenLineLength)
        let listID = fixture.listID
        try await fixture.test.store.sqlite().writer.write { db in
            try db.execute(sql: "UPDATE bucketlist SET name = ? WHERE id = ?", arguments: [legacyName, listID])
        }
        let before = (try await fixture.test.outbox(), try await fixture.storedNames())

        let rename = try await #require(throws: StoreError.invalidInput()) {
            try await fixture.name(.renameList, "Trips")
        }
        #expect(rename.field == "record")
        #expect(rename.message.hasSuffix("its largest part is the old values it replaces (65538 bytes)"))
        let add = try await #require(throws: StoreError.invalidInput()) { try await fixture.name(.addItem, "Oslo") }
        #expect(add.field == "record")
        #expect(add.message.hasSuffix("its largest part is the name of its bucketlist (65536 bytes)"))
        let delete = try await #require(throws: StoreError.invalidInput()) {
            try await fixture.test.store.deleteList(id: listID, by: fixture.alice)
        }
        #expect(delete.field == "record")
        #expect((try await fixture.test.outbox(), try await fixture.storedNames()) == before)
    }
}
