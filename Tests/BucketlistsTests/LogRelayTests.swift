import BackendTestSupport
import Foundation
import GRDB
import Logging
import ServiceLifecycle
import SignalLog
import Synchronization
import Testing

@testable import Bucketlists

/// A stand-in for the log writer: keeps what was appended, or fails on demand.
final class CollectingLog: Sendable {
    private let state = Mutex<(records: [SignalRecord], batches: Int, failing: Bool)>(([], 0, false))

    func append(_ records: [SignalRecord]) throws {
        struct DiskFull: Error {}
        try state.withLock {
            if $0.failing { throw DiskFull() }
            $0.records += records
            $0.batches += 1
        }
    }

    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    var records: [SignalRecord] { state.withLock { $0.records } }
}

@Suite("LogRelay: outbox to activity log")
struct LogRelayTests {
    func makeRelay(_ test: TestStore, log: CollectingLog) -> LogRelay {
        LogRelay(
            backend: test.store.backend, source: test.store.configuration.source, logger: Logger(label: "test.relay")
        ) { try log.append($0) }
    }

    @Test(arguments: TestBackend.allCases) func drainingAppendsEveryRowInSeqOrderThenEmptiesTheOutbox(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let log = CollectingLog()
        let alice = try await test.register("alice")
        for index in 1...(LogRelay.batchSize + 10) {
            _ = try await test.store.createList(named: "List \(index)", by: alice)
        }
        let expected = try await test.outbox()
        let relay = makeRelay(test, log: log)
        #expect(try await relay.drain() == expected.count)
        #expect(log.records == expected)
        #expect(log.records.map(\.seq) == Array(1...Int64(expected.count)))
        #expect(try await test.outbox().isEmpty)
        #expect(try await relay.drain() == 0)
    }

    @Test(arguments: TestBackend.allCases) func aFailedAppendLeavesTheRowsInTheOutboxForTheNextDrain(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let log = CollectingLog()
        _ = try await test.register("alice")
        let relay = makeRelay(test, log: log)
        log.setFailing(true)
        await #expect(throws: (any Error).self) { try await relay.drain() }
        #expect(try await test.outbox().count == 1)
        log.setFailing(false)
        #expect(try await relay.drain() == 1)
        #expect(log.records.map(\.signal) == ["user.registered"])
    }

    @Test(arguments: TestBackend.allCases) func aConnectedRelayMovesEveryCommittedRecordAndRunDrainsOnFinish(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let log = CollectingLog()
        let relay = makeRelay(test, log: log)
        relay.connect(to: test.store)
        let running = Task { try await relay.run() }
        let alice = try await test.register("alice")
        let listID = try #require(try await test.store.createList(named: "L", by: alice).id)
        _ = try await test.store.addItem(named: "I", toList: listID, by: alice)
        // The final drain of `finish` would move the records even with no connection: the nudges alone must.
        var waits = 0
        while log.records.count < 3, waits < 1000 {
            try await Task.sleep(for: .milliseconds(10))
            waits += 1
        }
        #expect(log.records.map(\.signal) == ["user.registered", "bucketlist.created", "item.created"])
        relay.finish()
        try await running.value
        #expect(try await test.outbox().isEmpty)
    }

    @Test(arguments: TestBackend.allCases) func gracefulShutdownOfTheServiceGroupDrainsWhatTheRelayWasNotNudgedFor(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let log = CollectingLog()
        let relay = makeRelay(test, log: log)
        let group = ServiceGroup(
            services: [relay, OutboxPoll(relay: relay, interval: .seconds(3600))],
            gracefulShutdownSignals: [],
            logger: Logger(label: "test.group")
        )
        let running = Task { try await group.run() }
        // Not connected and never polled within the test: only the shutdown drain can move these.
        let alice = try await test.register("alice")
        _ = try await test.store.createList(named: "L", by: alice)
        #expect(log.records.isEmpty)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(log.records.map(\.signal) == ["user.registered", "bucketlist.created"])
        #expect(try await test.outbox().isEmpty)
    }

    @Test func aDeleteThatKeepsFailingNeverAppendsTheSameRowsAgainAndTheLogIsExactOnceItSucceeds() async throws {
        let test = try TestStore()
        let log = CollectingLog()
        let alice = try await test.register("alice")
        _ = try await test.store.createList(named: "L", by: alice)
        // The database refuses deletes from the outbox, as when its disk is full.
        try await test.store.sqlite().writer.write { db in
            try db.execute(
                sql:
                    "CREATE TRIGGER refuse BEFORE DELETE ON outbox BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
            )
        }
        let relay = makeRelay(test, log: log)
        for _ in 1...5 {
            await #expect(throws: (any Error).self) { try await relay.drain() }
        }
        #expect(log.records.map(\.seq) == [1, 2])
        _ = try await test.store.createList(named: "M", by: alice)
        await #expect(throws: (any Error).self) { try await relay.drain() }
        #expect(log.records.map(\.seq) == [1, 2, 3])

        try await test.store.sqlite().writer.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        #expect(try await relay.drain() == 0)
        #expect(log.records.map(\.seq) == [1, 2, 3])
        #expect(try await test.outbox().isEmpty)
    }

    @Test(arguments: TestBackend.allCases) func aFailedLastDrainEndsTheServiceWithTheNumberOfRowsLeft(
        backend: TestBackend
    ) async throws {
        let test = try await TestStore(backend)
        let log = CollectingLog()
        let relay = makeRelay(test, log: log)
        let group = ServiceGroup(services: [relay], gracefulShutdownSignals: [], logger: Logger(label: "test.group"))
        let running = Task { try await group.run() }
        let alice = try await test.register("alice")
        _ = try await test.store.createList(named: "L", by: alice)
        log.setFailing(true)
        await group.triggerGracefulShutdown()
        do {
            try await running.value
            Issue.record("the group ended without an error")
        } catch {
            let undrained = try #require(error as? LogRelay.UndrainedOutbox)
            #expect(undrained.remaining == 2)
            #expect(undrained.description.contains("2 record(s) remain in the outbox"))
        }
        #expect(try await test.outbox().count == 2)
    }

    @Test func outboxRowsGiveBackTheRecordThatWasWrittenIncludingEveryKindOfValue() throws {
        let record = SignalRecord(
            seq: 0,
            timestamp: RecordTimestamp(millisecondsSinceEpoch: 1_764_000_000_123),
            source: "app-1",
            signal: "item.updated",
            actor: .init(id: 7, name: "alice \"<&>\""),
            subject: .init(type: "item", id: 3, title: "Ünïcode ✓ \u{1}"),
            parent: .init(type: "bucketlist", id: 2, title: "Japan"),
            changes: [
                .init(field: "done", old: .bool(false), new: .bool(true)),
                .init(field: "n", old: .null, new: .integer(-5)),
                .init(field: "x", old: .number(1.5), new: .string("s")),
                .init(
                    field: "o", old: .array([.integer(1), .object([])]),
                    new: .object([(key: "b", value: .null), (key: "a", value: .bool(true))])),
            ],
            requestID: "r"
        )
        var entry = OutboxEntry(unsequenced: record)
        entry.seq = 42
        var expected = record
        expected.seq = 42
        #expect(try entry.record() == expected)
    }
}
