import ActivityFeed
import Foundation
import SignalLog
import Testing

/// `--archive-retention`: pages whose newest entry is older than the retention are removed, the
/// oldest kept page ends the `prev-archive` chain, and `feed.atom` keeps the newest entries.
@Suite struct ArchiveRetentionTests {
    private static let sevenDays = PublishingFixtures.publisher(retentionOptions(days: 7))

    private static func retentionOptions(days: Int) -> PublishOptions {
        var options = PublishingFixtures.options
        options.archiveRetentionDays = days
        return options
    }

    /// `count` records from `first` on, stamped `daysAgo` days before the fixtures' now, a minute apart.
    private func records(_ count: Int, from first: Int64, daysAgo: Int64) -> [SignalRecord] {
        (0..<Int64(count)).map { index in
            PublishingFixtures.record(seq: first + index, minutesBeforeNow: daysAgo * 1440 - index)
        }
    }

    /// Ordinals 1–250 (pages 1–5) ten days old, 251–370 an hour old: page 6 is the oldest a 7-day retention keeps.
    private func pagesOneToFiveOld() -> InMemoryFeed {
        let feed = InMemoryFeed(window: 20)
        feed.append(records(250, from: 1, daysAgo: 10))
        feed.append(records(120, from: 251, daysAgo: 0))
        return feed
    }

    private func ids(_ seqs: ClosedRange<Int64>) -> [String] {
        seqs.map { "tag:example.com,2026:app-1/\($0)" }
    }

    private func archivePages(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("archive").path).sorted()
    }

    @Test func oldPagesAreRemovedAndTheOldestKeptEndsTheChain() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = pagesOneToFiveOld()
        let report = try Self.sevenDays.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(report.archivePages == 6)
        #expect(try archivePages(in: folder) == ["6.atom"])
        let page = try XPathDocument(file: folder.appendingPathComponent("archive/6.atom"))
        #expect(try page.strings("/a:feed/a:link[@rel='prev-archive']/@href").isEmpty)
        let (walked, visited) = try PublishingFixtures.walkArchiveChain(folder)
        #expect(visited == ["archive/6.atom"])
        #expect(Set(walked) == Set(ids(251...370)))
        #expect(walked.count == 120)
        #expect(try feed.firstArchivePage() == 6)
        #expect(try feed.archivedThrough() >= 250)

        // Later pages chain back to page 6, which still has no prev-archive once it gains next-archive.
        feed.append(records(100, from: 371, daysAgo: 0))
        _ = try Self.sevenDays.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(try archivePages(in: folder) == ["6.atom", "7.atom", "8.atom"])
        let (later, laterPages) = try PublishingFixtures.walkArchiveChain(folder)
        #expect(laterPages == ["archive/8.atom", "archive/7.atom", "archive/6.atom"])
        #expect(Set(later) == Set(ids(251...470)))
        #expect(later.count == 220)
        let ended = try XPathDocument(file: folder.appendingPathComponent("archive/6.atom"))
        #expect(try ended.strings("/a:feed/a:link[@rel='prev-archive']/@href").isEmpty)
        #expect(
            try ended.strings("/a:feed/a:link[@rel='next-archive']/@href") == [
                "https://example.com/admin/archive/7.atom"
            ])
    }

    /// The pages that age out as time passes go; when every page is out, feed.atom links none and
    /// still holds the newest entries.
    @Test func pagesAgeOutAsTimePassesAndTheFeedKeepsTheNewestEntries() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 20)
        feed.append(records(200, from: 1, daysAgo: 3))
        _ = try Self.sevenDays.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(try archivePages(in: folder) == ["1.atom", "2.atom", "3.atom"])
        let later = PublishingFixtures.now.addingTimeInterval(30 * 86_400)
        let report = try Self.sevenDays.publish(from: feed, to: folder, now: later)
        #expect(try archivePages(in: folder).isEmpty)
        #expect(report.changedFiles.contains("feed.atom"))
        let subscription = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        #expect(try subscription.strings("/a:feed/a:link[@rel='prev-archive']/@href").isEmpty)
        #expect(try subscription.strings("/a:feed/a:entry/a:id") == ids(151...200).reversed())
        #expect(try feed.firstArchivePage() == 4)
    }

    /// A run killed after it recorded the new end of the chain but before it removed the older
    /// pages leaves them; the next run removes them.
    @Test func pagesARunLeftBehindTheEndOfTheChainAreRemovedByTheNext() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = pagesOneToFiveOld()
        _ = try Self.sevenDays.publish(from: feed, to: folder, now: PublishingFixtures.now)
        for page in 4...5 {
            try Data("left behind".utf8).write(to: folder.appendingPathComponent("archive/\(page).atom"))
        }
        _ = try Self.sevenDays.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(try archivePages(in: folder) == ["6.atom"])
    }

    /// Without a retention nothing is removed, however old.
    @Test func withoutARetentionEveryPageStays() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 20)
        feed.append(records(250, from: 1, daysAgo: 400))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(try archivePages(in: folder) == (1...4).map { "\($0).atom" })
        #expect(try PublishingFixtures.walkArchiveChain(folder).ids.count == 250)
    }

    @Test(arguments: [0, -3, 1_000_001])
    func aRetentionOutsideOneToAMillionDaysIsRefused(days: Int) throws {
        #expect(throws: PublishError.self) {
            try PublishingFixtures.publisher(Self.retentionOptions(days: days)).validate()
        }
    }
}
