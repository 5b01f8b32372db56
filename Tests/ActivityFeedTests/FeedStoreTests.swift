import ActivityFeed
import Foundation
import SignalLog
import Synchronization
import Testing

@Suite struct FeedStoreTests {
    /// A store that ingested a log, with the directory that holds both (alive as long as the fixture).
    private struct Ingested {
        let directory: FeedTestDirectory
        let store: FeedStore

        init(_ seqs: ClosedRange<Int64>, window: Int) throws {
            directory = try FeedTestDirectory()
            let log = directory.path("activity.log")
            try FeedFixtures.append(FeedFixtures.lines(seqs), to: log)
            try FeedFixtures.ingest([log], state: directory.statePath)
            store = try FeedStore(path: directory.statePath, window: window)
        }
    }

    @Test func ordinalsStartAtOneAndFollowIngestOrder() throws {
        let fixture = try Ingested(1...30, window: 500)
        #expect(try fixture.store.lastOrdinal() == 30)
        let entries = try fixture.store.entries(ordinals: 1...30)
        #expect(entries.map(\.ordinal) == Array(1...30))
        #expect(entries.map(\.record) == (1...30).map { FeedFixtures.record(seq: $0) })
        #expect(try fixture.store.newestEntries(limit: 3).map(\.ordinal) == [30, 29, 28])
    }

    @Test func unarchivedEntriesAreKeptWhateverTheWindow() throws {
        let fixture = try Ingested(1...30, window: 5)
        try fixture.store.markArchived(through: 0)
        #expect(try fixture.store.entries(ordinals: 1...30).count == 30)
    }

    @Test func archivedEntriesOutsideTheWindowArePruned() throws {
        let fixture = try Ingested(1...30, window: 5)
        try fixture.store.markArchived(through: 20)
        #expect(try fixture.store.entries(ordinals: 1...30).map(\.ordinal) == Array(21...30))
        try fixture.store.markArchived(through: 30)
        #expect(try fixture.store.entries(ordinals: 1...30).map(\.ordinal) == Array(26...30))
        #expect(try fixture.store.archivedThrough() == 30)
    }

    @Test func archivedThroughNeverMovesBackwardsNorPastTheLastOrdinal() throws {
        let fixture = try Ingested(1...10, window: 500)
        try fixture.store.markArchived(through: 8)
        try fixture.store.markArchived(through: 3)
        #expect(try fixture.store.archivedThrough() == 8)
        try fixture.store.markArchived(through: 99)
        #expect(try fixture.store.archivedThrough() == 10)
    }

    @Test func countersAddUpPerDayAndSignalAndPerActor() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        var bytes: [UInt8] = []
        for seq in Int64(1)...12 {
            bytes += FeedFixtures.record(seq: seq, actor: seq <= 8 ? "alice" : "bob").encodedLine()
        }
        try FeedFixtures.append(bytes, to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        let store = try FeedStore(path: directory.statePath)
        let counts = try store.dailySignalCounts(since: nil)
        #expect(counts.reduce(0) { $0 + $1.count } == 12)
        #expect(counts.filter { $0.signal == "item.updated" }.reduce(0) { $0 + $1.count } == 4)
        let day = String(FeedFixtures.record(seq: 1).timestamp.rfc3339.prefix(10))
        #expect(counts.allSatisfy { $0.day == day })
        #expect(try store.actorCounts() == [ActorCount(name: "alice", count: 8), ActorCount(name: "bob", count: 4)])
        let later = RecordTimestamp(millisecondsSinceEpoch: FeedFixtures.baseMilliseconds + 86_400_000 * 2)
        #expect(try store.dailySignalCounts(since: later).isEmpty)
    }

    @Test func ingestingMarksTheOutputsStaleUntilPublished() throws {
        let fixture = try Ingested(1...3, window: 500)
        #expect(try fixture.store.needsPublishing())
        try fixture.store.markPublished()
        #expect(try fixture.store.needsPublishing() == false)
        try FeedFixtures.append(FeedFixtures.lines(4...4), to: fixture.directory.path("activity.log"))
        try FeedFixtures.ingest([fixture.directory.path("activity.log")], state: fixture.directory.statePath)
        #expect(try fixture.store.needsPublishing())
    }

    @Test func openingAMissingStateWithoutCreatingItFails() throws {
        let directory = try FeedTestDirectory()
        #expect {
            try FeedStore(path: directory.path("none/state.sqlite"), createIfMissing: false)
        } throws: { error in
            (error as? FeedStoreError)?.isMissingState == true
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("none")))
    }

    /// A build creating a state while `stats` (or a test) opens it: each opener must find the tables
    /// made once, never fail with "table already exists".
    @Test func severalOpenersOfOneNewStateCreateItsTablesOnce() throws {
        let directory = try FeedTestDirectory()
        let failures = Mutex<[String]>([])
        for round in 0..<20 {
            let path = directory.path("state-\(round).sqlite")
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    let store = try FeedStore(path: path)
                    _ = try store.lastOrdinal()
                } catch {
                    failures.withLock { $0.append("round \(round): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
    }

    @Test func aSecondLockOnTheSameStateIsRefusedUntilTheFirstIsReleased() throws {
        let directory = try FeedTestDirectory()
        let first = try #require(try StateLock.acquire(forStateAt: directory.path("state.sqlite")))
        #expect(try StateLock.acquire(forStateAt: directory.path("state.sqlite")) == nil)
        first.release()
        #expect(try StateLock.acquire(forStateAt: directory.path("state.sqlite")) != nil)
    }
}

@Suite struct SourceProgressTests {
    @Test func seqAfterTheHighWaterMarkIsNewAndAJumpIsAGap() {
        var progress = SourceProgress(source: "app-1")
        #expect(progress.admit(5) == .next)
        #expect(progress.admit(6) == .next)
        #expect(progress.admit(10) == .afterGap(7...9))
        #expect(progress.missing == [7...9])
        #expect(progress.highWater == 10)
    }

    @Test func seqInAMissingRangeFillsItAndOthersAtOrBelowTheMarkAreDuplicates() {
        var progress = SourceProgress(source: "app-1")
        _ = progress.admit(1)
        _ = progress.admit(10)
        #expect(progress.admit(5) == .fillsGap)
        #expect(progress.missing == [2...4, 6...9])
        #expect(progress.admit(5) == .duplicate)
        #expect(progress.admit(1) == .duplicate)
        #expect(progress.admit(2) == .fillsGap)
        #expect(progress.admit(9) == .fillsGap)
        #expect(progress.missing == [3...4, 6...8])
        #expect(progress.ingested == 5)
        #expect(progress.duplicates == 2)
    }
}
