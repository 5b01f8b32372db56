import BackendTestSupport
import GRDB
import SignalLog
import Testing

@testable import Bucketlists

@Suite("The outbox refuses records longer than the written-line limit")
struct OutboxLineLimitTests {
    // SQLite: it sizes a record to the byte with its known seq. On PostgreSQL the seq is assigned later, so the
    // store checks the line with the longest seq possible and refuses such a record a few bytes earlier (below).
    @Test func aRecordOfExactlyTheLineLimitIsAcceptedAndOneByteMoreIsRefusedAndRolledBack() async throws {
        let test = try TestStore()
        let alice = try await test.register("alice")
        _ = try await test.store.createList(named: "Trips", by: alice, requestID: "r")
        let shortLine = try #require(try await test.outbox().last).encodedLine().count
        // The next records differ only in their request id: seq, list id and time keep their width.
        let exact = String(repeating: "r", count: 1 + SignalRecord.maximumWrittenLineLength - shortLine)
        _ = try await test.store.createList(named: "Trips", by: alice, requestID: exact)
        let written = try #require(try await test.outbox().last)
        #expect(written.requestID == exact)
        #expect(written.encodedLine().count == SignalRecord.maximumWrittenLineLength)

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

    @Test func onPostgreSQLARecordIsSizedWithTheLongestSeqItCouldGetAndOneByteMoreIsRefusedAndRolledBack()
        async throws
    {
        let test = try await TestStore(.postgres)
        let alice = try await test.register("alice")
        _ = try await test.store.createList(named: "Trips", by: alice, requestID: "r")
        var sized = try #require(try await test.outbox().last)
        sized.seq = SignalRecord.maximumSeq
        let shortLine = sized.encodedLine().count
        let exact = String(repeating: "r", count: 1 + SignalRecord.maximumWrittenLineLength - shortLine)
        _ = try await test.store.createList(named: "Trips", by: alice, requestID: exact)
        let written = try #require(try await test.outbox().last)
        #expect(written.requestID == exact)
        // Numbered later with a short seq, its line is under the limit by the digits the seq did not need.
        let unusedDigits = String(SignalRecord.maximumSeq).count - String(written.seq).count
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
