import ActivityFeed
import Foundation
import SignalLog
import Testing

/// `feed.json`: JSON Feed 1.1 with the same entries and ids as `feed.atom`.
@Suite struct JSONFeedTests {
    @Test func feedJSONHasJSONFeedRequiredFieldsAndTheSameEntriesAndIdsAsTheAtomFeed() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        var records = PublishingFixtures.records(130)
        records.append(PublishingFixtures.record(seq: 131, subject: "bell\u{07}<b>&</b>", minutesBeforeNow: 1))
        feed.append(records)
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)

        let data = try Data(contentsOf: folder.appendingPathComponent("feed.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // JSON Feed 1.1's required fields: version, title, items; each item an id and content_html or content_text.
        #expect(json["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect((json["title"] as? String)?.isEmpty == false)
        #expect(json["feed_url"] as? String == "https://example.com/admin/feed.json")
        #expect(json["home_page_url"] as? String == "https://example.com/admin/index.html")
        let items = try #require(json["items"] as? [[String: Any]])
        for item in items {
            #expect((item["id"] as? String)?.isEmpty == false)
            #expect(item["content_text"] is String || item["content_html"] is String)
            let published = try #require(item["date_published"] as? String)
            #expect(RecordTimestamp(rfc3339: published) != nil)
        }

        let atom = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        #expect(items.compactMap { $0["id"] as? String } == (try atom.strings("//a:entry/a:id")))
        #expect(items.compactMap { $0["title"] as? String } == (try atom.strings("//a:entry/a:title")))
        #expect(
            items.compactMap { $0["url"] as? String }
                == (try atom.strings("//a:entry/a:link[@rel='alternate']/@href")))
        #expect(items.count == 81, "130 + 1 records, 50 per page: one archive page, 81 in the subscription document")
        let newest = try #require(items.first)
        #expect(newest["url"] as? String == "https://example.com/admin/index.html#e-app-1-131")
        #expect((newest["title"] as? String)?.contains("bell<b>&</b>") == true, "the control character is removed")
        #expect(!data.contains(0x07))
    }

    @Test func aRunWithNothingNewLeavesFeedJSONUntouched() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(5))
        let publisher = PublishingFixtures.publisher()
        _ = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        let again = try publisher.publish(
            from: feed, to: folder, now: PublishingFixtures.now.addingTimeInterval(3600))
        #expect(again.changedFiles.isEmpty)
        #expect(again.unchangedFiles.contains("feed.json"))
    }
}
