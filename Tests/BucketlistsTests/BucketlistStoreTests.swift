import BackendTestSupport
import Foundation
import GRDB
import PostgresNIO
import SignalLog
import Signals
import Testing

@testable import Bucketlists

@Suite("BucketlistStore operations and their outbox records")
struct BucketlistStoreTests {
    @Test(arguments: TestBackend.allCases) func registeringAUserRecordsUserRegisteredWithTheNewUserAsActorAndSubject(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let alice = try await test.store.register(username: "alice", password: "correct horse", requestID: "r-1")
        let records = try await test.outbox()
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.signal == "user.registered")
        #expect(record.source == "test-1")
        #expect(record.actor == SignalRecord.Actor(id: try #require(alice.id), name: "alice"))
        #expect(record.subject == SignalRecord.Subject(type: "user", id: try #require(alice.id), title: "alice"))
        #expect(record.requestID == "r-1")
        #expect(record.timestamp == RecordTimestamp(Date(timeIntervalSince1970: 1_800_000_000)))
    }

    @Test(arguments: TestBackend.allCases) func usernamesAreUniqueCaseInsensitivelyAndAFailedRegistrationRecordsNothing(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        _ = try await test.register("Alice")
        await #expect(throws: StoreError.usernameTaken()) {
            try await test.store.register(username: "aLICE", password: "another password")
        }
        #expect(try await test.outbox().count == 1)
        #expect(try await test.store.user(named: "ALICE")?.username == "Alice")
    }

    @Test(arguments: TestBackend.allCases) func badUsernamesAndPasswordsAreRejectedByField(backend: TestBackend)
        async throws
    {
        let test = try await TestStore(backend)
        await #expect(throws: StoreError.invalidInput()) {
            try await test.store.register(username: "bad name", password: "long enough")
        }
        await #expect(throws: StoreError.invalidInput()) {
            try await test.store.register(username: "", password: "long enough")
        }
        await #expect(throws: StoreError.invalidInput()) {
            try await test.store.register(username: "bob", password: "short")
        }
        #expect(try await test.outbox().isEmpty)
    }

    @Test(arguments: TestBackend.allCases) func aPasswordIsStoredOnlyAsABcryptHashAndNeverInARecord(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let user = try await test.store.register(username: "carol", password: "secret-password-1")
        #expect(user.passwordHash.hasPrefix("$2"))
        #expect(!user.passwordHash.contains("secret-password-1"))
        let records = try await test.outbox()
        #expect(!String(describing: records).contains("secret-password-1"))
        #expect(!String(describing: records).contains(user.passwordHash))
        #expect(try await test.store.authenticate(username: "carol", password: "secret-password-1") == user)
        #expect(try await test.store.authenticate(username: "carol", password: "wrong-password") == nil)
        #expect(try await test.store.authenticate(username: "nobody", password: "secret-password-1") == nil)
    }

    @Test(arguments: TestBackend.allCases) func creatingAListRecordsBucketlistCreatedWithActorSubjectAndRequestID(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let list = try await test.store.createList(named: "Visit Japan", by: alice, requestID: "req-7")
        let record = try #require(try await test.outbox().last)
        #expect(record.signal == "bucketlist.created")
        #expect(record.actor.name == "alice")
        #expect(
            record.subject == SignalRecord.Subject(type: "bucketlist", id: try #require(list.id), title: "Visit Japan"))
        #expect(record.parent == nil)
        #expect(record.changes.isEmpty)
        #expect(record.requestID == "req-7")
    }

    @Test(arguments: TestBackend.allCases)
    func renamingAListRecordsTheOldAndNewNameAndRenamingToTheSameNameRecordsNothing(backend: TestBackend) async throws {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let list = try await test.store.createList(named: "Japan", by: alice)
        let id = try #require(list.id)
        _ = try await test.store.renameList(id: id, to: "Visit Japan", by: alice)
        _ = try await test.store.renameList(id: id, to: "Visit Japan", by: alice)
        let records = try await test.outbox()
        #expect(records.map(\.signal) == ["user.registered", "bucketlist.created", "bucketlist.updated"])
        #expect(
            records.last?.changes == [
                SignalRecord.FieldChange(field: "name", old: .string("Japan"), new: .string("Visit Japan"))
            ]
        )
    }

    @Test(arguments: TestBackend.allCases) func itemRecordsCarryTheListAsParentAndOnlyTheFieldsThatChanged(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let list = try await test.store.createList(named: "Visit Japan", by: alice)
        let listID = try #require(list.id)
        let item = try await test.store.addItem(named: "Cherry blossoms", toList: listID, by: alice)
        let itemID = try #require(item.id)
        _ = try await test.store.updateItem(id: itemID, inList: listID, name: "Cherry blossoms", done: true, by: alice)
        _ = try await test.store.updateItem(id: itemID, inList: listID, name: "Cherry blossoms", done: true, by: alice)
        _ = try await test.store.updateItem(id: itemID, inList: listID, by: alice)
        _ = try await test.store.updateItem(id: itemID, inList: listID, name: "Sakura", done: false, by: alice)
        try await test.store.deleteItem(id: itemID, inList: listID, by: alice)

        let records = Array(try await test.outbox().dropFirst(2))
        #expect(records.map(\.signal) == ["item.created", "item.updated", "item.updated", "item.deleted"])
        let parent = SignalRecord.Subject(type: "bucketlist", id: listID, title: "Visit Japan")
        #expect(records.allSatisfy { $0.parent == parent })
        #expect(records[1].changes == [SignalRecord.FieldChange(field: "done", old: .bool(false), new: .bool(true))])
        #expect(records[1].isCompletion)
        #expect(
            records[2].changes == [
                SignalRecord.FieldChange(field: "name", old: .string("Cherry blossoms"), new: .string("Sakura")),
                SignalRecord.FieldChange(field: "done", old: .bool(true), new: .bool(false)),
            ]
        )
        #expect(records[3].subject.title == "Sakura")
    }

    @Test(arguments: TestBackend.allCases)
    func deletingANonEmptyListRecordsOneItemDeletedPerItemThenOneBucketlistDeleted(backend: TestBackend) async throws {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let list = try await test.store.createList(named: "Trips", by: alice)
        let listID = try #require(list.id)
        let first = try await test.store.addItem(named: "Lisbon", toList: listID, by: alice)
        let second = try await test.store.addItem(named: "Oslo", toList: listID, by: alice)
        try await test.store.deleteList(id: listID, by: alice, requestID: "del-1")

        let records = Array(try await test.outbox().suffix(3))
        #expect(records.map(\.signal) == ["item.deleted", "item.deleted", "bucketlist.deleted"])
        #expect(records.map(\.subject.id) == [try #require(first.id), try #require(second.id), listID])
        #expect(records.prefix(2).allSatisfy { $0.parent?.id == listID })
        #expect(records.allSatisfy { $0.requestID == "del-1" })
        #expect(Set(records.map(\.timestamp)).count == 1)
        await #expect(throws: StoreError.notFound()) { try await test.store.list(id: listID, ownedBy: alice) }
    }

    @Test(arguments: TestBackend.allCases) func anotherUsersListIsNotFoundForEveryOperationAndNothingIsRecorded(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let mallory = try await test.register("mallory", role: .admin)
        let list = try await test.store.createList(named: "Private", by: alice)
        let listID = try #require(list.id)
        let item = try await test.store.addItem(named: "Secret", toList: listID, by: alice)
        let itemID = try #require(item.id)
        let before = try await test.outbox().count

        await #expect(throws: StoreError.notFound()) { try await test.store.list(id: listID, ownedBy: mallory) }
        await #expect(throws: StoreError.notFound()) {
            try await test.store.renameList(id: listID, to: "Mine", by: mallory)
        }
        await #expect(throws: StoreError.notFound()) { try await test.store.deleteList(id: listID, by: mallory) }
        await #expect(throws: StoreError.notFound()) {
            try await test.store.addItem(named: "x", toList: listID, by: mallory)
        }
        await #expect(throws: StoreError.notFound()) {
            try await test.store.updateItem(id: itemID, inList: listID, done: true, by: mallory)
        }
        await #expect(throws: StoreError.notFound()) {
            try await test.store.deleteItem(id: itemID, inList: listID, by: mallory)
        }
        #expect(try await test.outbox().count == before)
        #expect(try await test.store.lists(ownedBy: mallory).total == 0)
    }

    @Test(arguments: TestBackend.allCases) func anItemOfAnotherListIsNotFoundThroughThisList(backend: TestBackend)
        async throws
    {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let first = try #require(try await test.store.createList(named: "A", by: alice).id)
        let second = try #require(try await test.store.createList(named: "B", by: alice).id)
        let item = try #require(try await test.store.addItem(named: "in A", toList: first, by: alice).id)
        await #expect(throws: StoreError.notFound()) {
            try await test.store.updateItem(id: item, inList: second, done: true, by: alice)
        }
    }

    @Test(arguments: TestBackend.allCases) func listsArePaginatedWithATotalAndSearchedByName(backend: TestBackend)
        async throws
    {
        let test = try await TestStore(backend)
        let alice = try await test.register("alice")
        let bob = try await test.register("bob")
        for index in 1...25 {
            _ = try await test.store.createList(named: index % 5 == 0 ? "Trip \(index)" : "List \(index)", by: alice)
        }
        _ = try await test.store.createList(named: "Trip of bob", by: bob)

        let page = try await test.store.lists(ownedBy: alice, page: 2, perPage: 10)
        #expect(page.total == 25)
        #expect(page.lists.map(\.name).first == "List 11")
        #expect(page.lists.count == 10)
        #expect(try await test.store.lists(ownedBy: alice, page: 3, perPage: 10).lists.count == 5)
        #expect(try await test.store.lists(ownedBy: alice, page: 4, perPage: 10).lists.isEmpty)

        let trips = try await test.store.lists(ownedBy: alice, matching: "trip")
        #expect(trips.total == 5)
        #expect(trips.lists.allSatisfy { $0.name.hasPrefix("Trip") })
        #expect(try await test.store.lists(ownedBy: alice, matching: "%").total == 0)
        await #expect(throws: StoreError.invalidInput()) { try await test.store.lists(ownedBy: alice, perPage: 101) }
        await #expect(throws: StoreError.invalidInput()) { try await test.store.lists(ownedBy: alice, page: 0) }
    }

    @Test func seqGrowsStrictlyAndIsNotReusedAfterTheOutboxIsEmptied() async throws {
        let test = try TestStore()
        let alice = try await test.register("alice")
        _ = try await test.store.createList(named: "One", by: alice)
        let firstSeqs = try await test.outbox().map(\.seq)
        #expect(firstSeqs == [1, 2])
        _ = try await test.store.sqlite().writer.write { db in try OutboxEntry.deleteAll(db) }
        _ = try await test.store.createList(named: "Two", by: alice)
        #expect(try await test.outbox().map(\.seq) == [3])
    }

    @Test(arguments: TestBackend.allCases) func aTransactionThatRollsBackWritesNoRecordAndSendsNoSignal(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let ownerID = try #require(try await test.register("alice").id)
        let before = try await test.outbox()
        let sent = Recorder()
        test.store.signals.signal(for: .bucketlistCreated).connect { _, record in sent.add(record) }
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await test.store.commit { db, outbox in
                var list = Bucketlist(ownerId: ownerID, name: "never", createdAt: Date(), updatedAt: Date())
                try list.insert(db)
                try outbox.record(
                    signal: .bucketlistCreated,
                    actor: .system("test"),
                    subject: BucketlistStore.subject(list),
                    requestID: nil
                )
                throw Abort()
            } postgres: { connection, outbox in
                try await connection.query(
                    "INSERT INTO bucketlists (owner_id, name, created_at, updated_at) VALUES (\(ownerID), 'never', now(), now())"
                )
                try outbox.record(
                    signal: .bucketlistCreated, actor: .system("test"),
                    subject: SignalRecord.Subject(type: "bucketlist", id: 1, title: "never"), requestID: nil)
                throw Abort()
            }
        }
        #expect(try await test.outbox() == before)
        #expect(try await test.listCount() == 0)
        #expect(sent.records.isEmpty)
    }

    @Test func everyCommittedOperationSendsItsSignalAfterCommitWithTheStoreAsSender() async throws {
        let test = try TestStore()
        let store = test.store
        let sent = Recorder()
        for signal in store.signals.all {
            signal.connect(sender: .object(store)) { _, record in
                // A synchronous read from inside a write transaction would trap: this runs after the commit,
                // and the record's row is visible to a new read.
                let visible = try store.sqlite().writer.read { db in
                    try OutboxEntry.filter(OutboxEntry.Columns.seq == record.seq).fetchCount(db)
                }
                sent.add(record, visible: visible == 1)
            }
        }
        let alice = try await test.register("alice")
        let listID = try #require(try await store.createList(named: "L", by: alice).id)
        let itemID = try #require(try await store.addItem(named: "I", toList: listID, by: alice).id)
        _ = try await store.updateItem(id: itemID, inList: listID, done: true, by: alice)
        _ = try await store.renameList(id: listID, to: "M", by: alice)
        try await store.deleteList(id: listID, by: alice)

        #expect(sent.records == (try await test.outbox()))
        #expect(
            sent.records.map(\.signal) == [
                "user.registered", "bucketlist.created", "item.created", "item.updated", "bucketlist.updated",
                "item.deleted", "bucketlist.deleted",
            ]
        )
        #expect(sent.allVisible)
    }

    @Test(arguments: TestBackend.allCases) func signalsOfOneStoreDoNotReachReceiversFilteredOnAnother(
        backend: TestBackend
    ) async throws {
        let first = try await TestStore(backend)
        let second = try await TestStore(backend, source: "test-2")
        let sent = Recorder()
        first.store.signals.signal(for: .userRegistered).connect(sender: .object(second.store)) { _, record in
            sent.add(record)
        }
        _ = try await first.register("alice")
        #expect(sent.records.isEmpty)
    }
}
