import ActivityFeed
import Foundation
import SignalLog
import Testing

/// Records stamped by clocks that run ahead (2099, 9999) stay in the feed, but the page marks them
/// and no date or count goes wrong because of them.
@Suite struct ClockSkewTests {
    /// Ordinals in ingest order: today, 2099, today, yesterday, 9999-12-31, today.
    static func skewedRecords() -> [SignalRecord] {
        func stamped(_ record: SignalRecord, _ time: String) -> SignalRecord {
            var record = record
            record.timestamp = RecordTimestamp(rfc3339: time)!
            return record
        }
        return [
            PublishingFixtures.record(seq: 1, signal: "item.created", minutesBeforeNow: 90),
            stamped(
                PublishingFixtures.record(seq: 2, signal: "item.created", subject: "Moon base"),
                "2099-06-01T10:00:00.000Z"),
            PublishingFixtures.record(seq: 3, actor: "bob", actorID: 8, minutesBeforeNow: 30),
            PublishingFixtures.record(seq: 4, signal: "item.created", subject: "Kyoto", minutesBeforeNow: 26 * 60),
            stamped(PublishingFixtures.record(seq: 5, subject: "End of time"), "9999-12-31T23:59:59.999Z"),
            PublishingFixtures.record(seq: 6, signal: "item.created", actor: "carol", actorID: 9, minutesBeforeNow: 3),
        ]
    }

    private func publish(_ records: [SignalRecord]) throws -> (page: XPathDocument, feed: XPathDocument) {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(records)
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        return (
            try XPathDocument(html: try Data(contentsOf: folder.appendingPathComponent("index.html"))),
            try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        )
    }

    @Test func aRecordStampedIn2099IsMarkedAsInTheFutureWithItsDate() throws {
        let (page, _) = try publish(Self.skewedRecords())
        let future = try page.strings("//li[contains(concat(' ', @class, ' '), ' future ')]")
        #expect(future.count == 2)
        #expect(future.contains { $0.contains("Moon base") && $0.contains("in the future 2099-06-01 10:00 UTC") })
        #expect(future.contains { $0.contains("End of time") && $0.contains("in the future 9999-12-31 23:59 UTC") })
        // The script rewrites only relative times, so it never turns these into "in 72 years".
        #expect(try page.strings("//li[contains(@class, 'future')]//time[contains(@class, 'relative')]").isEmpty)
        #expect(try page.strings("//li[not(contains(@class, 'future'))]//strong[@class='future-label']").isEmpty)
        // The latest activity in the header is the newest record that is not in the future.
        #expect(try page.string("(//header//time)[2]/@datetime") == "2026-11-24T11:57:00.000Z")
    }

    @Test func dayHeadingsComeOutNewestFirstWithTodayOnce() throws {
        let (page, _) = try publish(Self.skewedRecords())
        let headings = try page.strings("//section[@class='day']/h3")
        #expect(headings.filter { $0.hasPrefix("Today") }.count == 1)
        #expect(
            headings == [
                "In the future: Friday, 9999-12-31", "In the future: Monday, 2099-06-01",
                "Today, Tuesday, 2026-11-24", "Yesterday, Monday, 2026-11-23",
            ])
        let days = headings.map { String($0.suffix(10)) }
        #expect(days == days.sorted(by: >))
        let today = try page.strings("//section[h3[starts-with(., 'Today')]]//li[contains(@class, 'run')]")
        #expect(today.count == 3)
        #expect(today.first?.hasPrefix("carol") == true, "newest first within the day")
    }

    @Test func theFeedKeepsSkewedEntriesButIsNeverUpdatedLaterThanItsBuild() throws {
        let (_, feed) = try publish(Self.skewedRecords())
        let updated = try feed.string("/a:feed/a:updated")
        #expect(updated <= "2026-11-24T12:00:00.000Z")
        #expect(updated == "2026-11-24T12:00:00.000Z")
        let ids = try feed.strings("/a:feed/a:entry/a:id")
        #expect(ids.count == 6)
        #expect(ids.contains("tag:example.com,2026:app-1/5"))
        #expect(try feed.strings("/a:feed/a:entry/a:updated").contains("9999-12-31T23:59:59.999Z"))
    }

    @Test func theSummaryCountsSkewedRecordsInAColumnOfTheirOwnAndTheChartSaysWhatItLeavesOut() throws {
        let (page, _) = try publish(Self.skewedRecords())
        #expect(
            try page.strings("//table[@class='figures']/thead//th")
                == ["Signal", "Last 24 hours", "Last 7 days", "All time", "In the future"])
        // Each record counts once: four in the last 7 days (three of them in the last 24 hours), two in the future.
        #expect(try page.strings("//table[@class='figures']/tfoot//td") == ["3", "4", "6", "2"])
        #expect(try page.strings("//table[@class='figures']//tr[th='item.created']/td") == ["2", "3", "4", "1"])
        #expect(try page.strings("//table[@class='figures']//tr[th='item.updated']/td") == ["1", "1", "2", "1"])
        #expect(try page.strings("//p[contains(@class, 'future-note')]").count == 1)
        #expect(
            try page.string("//figcaption").hasSuffix("2 records stamped after 2026-11-24 (a clock ahead) not drawn"))
    }

    @Test func withoutSkewedRecordsThePageHasNoFutureColumnOrMarker() throws {
        let (page, _) = try publish(PublishingFixtures.records(12))
        #expect(try page.strings("//table[@class='figures']/thead//th").count == 4)
        #expect(try page.strings("//*[contains(@class, 'future')]").isEmpty)
    }
}
