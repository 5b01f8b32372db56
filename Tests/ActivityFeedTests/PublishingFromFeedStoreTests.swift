import ActivityFeed
import Foundation
import Logging
import SignalLog
import Testing

/// Publishes from the real GRDB feed store, filled by the real tailer from a log file.
@Suite struct PublishingFromFeedStoreTests {
    @Test func theArchiveChainHoldsEveryIngestedRecordOnceAcrossRuns() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let log = folder.appendingPathComponent("activity.log")
        let state = folder.appendingPathComponent("state/feed.sqlite").path
        let output = folder.appendingPathComponent("out")
        let logger = Logger(label: "test.publishing") { _ in SwiftLogNoOpLogHandler() }
        let records = PublishingFixtures.records(287)

        try Data(records.prefix(180).flatMap { $0.encodedLine() }).write(to: log)
        var store = try FeedStore(path: state, window: 10)
        #expect(try LogTailer(store: store, logger: logger).ingest(paths: [log.path]).rejectCount == 0)
        let first = try PublishingFixtures.publisher().publish(from: store, to: output, now: PublishingFixtures.now)
        #expect(first.archivePages == 2)
        #expect(try store.archivedThrough() == 50)
        #expect(try PublishingFixtures.walkArchiveChain(output).ids.count == 180)

        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(records.dropFirst(180).flatMap { $0.encodedLine() }))
        try handle.close()
        store = try FeedStore(path: state, window: 10)
        #expect(try LogTailer(store: store, logger: logger).ingest(paths: [log.path]).newEntries == 107)
        let second = try PublishingFixtures.publisher().publish(from: store, to: output, now: PublishingFixtures.now)
        #expect(second.archivePages == 4)
        #expect(try store.archivedThrough() == 150)

        let (ids, pages) = try PublishingFixtures.walkArchiveChain(output)
        #expect(pages.count == 4)
        #expect(ids.count == 287)
        #expect(Set(ids) == Set(records.map { "tag:example.com,2026:\($0.source)/\($0.seq)" }))
        let third = try PublishingFixtures.publisher().publish(from: store, to: output, now: PublishingFixtures.now)
        #expect(third.changedFiles.isEmpty)
    }
}
