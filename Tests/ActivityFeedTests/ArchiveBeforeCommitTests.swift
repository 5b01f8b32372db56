import ActivityFeed
import Foundation
import SignalLog
import Testing

/// One log: archive pages are written from each batch's entries before it commits
/// (``FeedPublisher/archiveBeforeCommit(of:after:to:now:)``), and the result is what archiving by
/// publishing gives, byte for byte, with entries never stored beyond the window and two pages.
@Suite struct ArchiveBeforeCommitTests {
    private static let window = 20
    private static let records: ClosedRange<Int64> = 1...2345

    private struct Killed: Error {}

    private func writeLog(in directory: FeedTestDirectory) throws -> String {
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(Self.records), to: log)
        return log
    }

    private func cycle(_ log: String, store: FeedStore, in directory: FeedTestDirectory, beforeCommit: Bool)
        -> BuildCycle
    {
        BuildCycleTests.cycle(
            [log], store: store, in: directory, batchLines: 100, archivesBeforeCommit: beforeCommit)
    }

    /// Every published file but the page (which embeds its generation time), by path, with its bytes.
    private func published(in directory: FeedTestDirectory) throws -> [String: Data] {
        let output = directory.url.appendingPathComponent("output")
        var files: [String: Data] = [:]
        for name in ["feed.atom", "feed.json"] {
            files[name] = try Data(contentsOf: output.appendingPathComponent(name))
        }
        let archive = output.appendingPathComponent("archive")
        for name in try FileManager.default.contentsOfDirectory(atPath: archive.path) {
            files["archive/" + name] = try Data(contentsOf: archive.appendingPathComponent(name))
        }
        return files
    }

    /// The log, a store, a publisher and the output folder (made) for a test that drives the tailer itself.
    private func tailingByHand(in directory: FeedTestDirectory) throws -> (
        log: String, store: FeedStore, publisher: FeedPublisher, output: URL
    ) {
        let log = try writeLog(in: directory)
        let store = try FeedStore(path: directory.statePath, window: Self.window)
        let publisher = FeedPublisher(options: BuildCycleTests.publishOptions, logger: FeedFixtures.logger)
        let output = directory.url.appendingPathComponent("output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        return (log, store, publisher, output)
    }

    /// What archiving by publishing (every entry stored first) publishes from the log.
    private func publishedByPublishing() throws -> [String: Data] {
        let directory = try FeedTestDirectory()
        let log = try writeLog(in: directory)
        let store = try FeedStore(path: directory.statePath, window: Self.window)
        try cycle(log, store: store, in: directory, beforeCommit: false).runOnce()
        return try published(in: directory)
    }

    @Test func pagesWrittenBeforeCommitsAreTheBytesPublishingWritesAndTheStateStaysSmall() throws {
        let directory = try FeedTestDirectory()
        let (log, store, publisher, output) = try tailingByHand(in: directory)
        var mostStored: Int64 = 0
        let tailer = LogTailer(store: store, options: LogTailer.Options(batchLines: 100), logger: FeedFixtures.logger)
        let summary = try tailer.ingest(paths: [log]) { entries in
            mostStored = max(mostStored, try store.statistics().storedEntries)
            return try publisher.archiveBeforeCommit(of: entries, after: store, to: output, now: Date())?
                .archivedThrough
        }
        #expect(summary.newEntries == 2345)
        // At most the window, the two newest full pages and the partial one are ever stored.
        #expect(mostStored <= Int64(Self.window) + 30)
        _ = try publisher.publish(from: store, to: output, now: Date())
        let statistics = try store.statistics()
        #expect(statistics.lastOrdinal == 2345)
        #expect(statistics.archivedThrough == 2320)
        #expect(statistics.storedEntries == 25)
        let expected = try publishedByPublishing()
        let actual = try published(in: directory)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected where actual[path] != bytes {
            Issue.record("\(path) differs from what publishing writes")
        }
    }

    /// A run killed after a batch's pages were written and before the batch committed: the next run
    /// reads the batch again, finds the same pages and publishes what an unbroken run would.
    @Test func aRunKilledBetweenWritingPagesAndCommittingEndsWithTheSameFiles() throws {
        let directory = try FeedTestDirectory()
        let (log, store, publisher, output) = try tailingByHand(in: directory)
        var batches = 0
        let tailer = LogTailer(store: store, options: LogTailer.Options(batchLines: 100), logger: FeedFixtures.logger)
        #expect(throws: Killed.self) {
            try tailer.ingest(paths: [log]) { entries in
                let through = try publisher.archiveBeforeCommit(of: entries, after: store, to: output, now: Date())?
                    .archivedThrough
                batches += 1
                if batches == 7 { throw Killed() }
                return through
            }
        }
        #expect(try store.lastOrdinal() == 600)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("archive/68.atom").path))
        let report = try cycle(log, store: store, in: directory, beforeCommit: true).runOnce()
        #expect(report.ingest.newEntries == 1745)
        #expect(try published(in: directory) == (try publishedByPublishing()))
    }

    /// A folder another history published: the batch's pages would hold other entries, so the ingest
    /// stops before writing or committing anything.
    @Test func aFolderWithOtherEntriesStopsTheIngestBeforeAnythingIsWrittenOrCommitted() throws {
        let directory = try FeedTestDirectory()
        let log = try writeLog(in: directory)
        try cycle(
            log, store: try FeedStore(path: directory.statePath, window: Self.window), in: directory, beforeCommit: true
        )
        .runOnce()
        let before = try published(in: directory)
        let other = directory.path("other.log")
        try FeedFixtures.append(FeedFixtures.lines(1...500, source: "app-9"), to: other)
        let otherStore = try FeedStore(path: directory.path("other.sqlite"), window: Self.window)
        let error = #expect(throws: PublishError.self) {
            try cycle(other, store: otherStore, in: directory, beforeCommit: true).runOnce()
        }
        #expect(error?.isArchiveConflict == true)
        #expect(try otherStore.lastOrdinal() == 0)
        #expect(try published(in: directory) == before)
    }
}
