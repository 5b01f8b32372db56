import ActivityFeed
import Foundation
import SignalLog
import Testing

/// `PublishOptions.timeZone` sets the page's day groups, chart days and shown times.
@Suite struct AdminPageTimeZoneTests {
    private static func record(seq: Int64, at time: String) throws -> SignalRecord {
        let timestamp = try #require(RecordTimestamp(rfc3339: time))
        return SignalRecord(
            seq: seq,
            timestamp: timestamp,
            source: "app-1",
            signal: "item.created",
            actor: .init(id: seq, name: "user-\(seq)"),
            subject: .init(type: "item", id: seq, title: "Item \(seq)"),
            parent: .init(type: "bucketlist", id: 12, title: "Visit Japan")
        )
    }

    /// Around the end of daylight-saving time in Paris (2026-10-25, 03:00 CEST → 02:00 CET): 00:30 local
    /// on either side of the change is on the local day, not on the UTC day before.
    private static func recordsAroundTheChange() throws -> [SignalRecord] {
        [
            try record(seq: 1, at: "2026-10-24T22:30:00.000Z"),  // 2026-10-25 00:30 CEST
            try record(seq: 2, at: "2026-10-25T22:30:00.000Z"),  // 2026-10-25 23:30 CET
            try record(seq: 3, at: "2026-10-25T23:30:00.000Z"),  // 2026-10-26 00:30 CET
        ]
    }

    private static let now = Date(timeIntervalSince1970: 1_793_102_400)  // 2026-10-27T12:00:00Z

    private static func options(_ zone: String) throws -> PublishOptions {
        var options = PublishingFixtures.options
        options.timeZone = try #require(PublishOptions.ianaTimeZone(named: zone))
        return options
    }

    @Test func recordsAtHalfPastMidnightLocalTimeFallOnTheLocalDayAcrossADaylightSavingChange() throws {
        let html = try AdminPageOrderTests.page(
            try Self.recordsAroundTheChange(), options: try Self.options("Europe/Paris"), now: Self.now)
        #expect(try html.strings("//section[@class='day']/h3/@id") == ["d-2026-10-26", "d-2026-10-25"])
        #expect(try html.strings("//section[h3/@id='d-2026-10-26']//span[@class='anchor']/@id") == ["e-app-1-3"])
        #expect(
            try html.strings("//section[h3/@id='d-2026-10-25']//span[@class='anchor']/@id") == [
                "e-app-1-2", "e-app-1-1",
            ])
        #expect(
            try html.strings("//li[contains(@class, 'run')]//span[@class='absolute']") == [
                "2026-10-26 00:30 UTC+01:00", "2026-10-25 23:30 UTC+01:00", "2026-10-25 00:30 UTC+02:00",
            ])
        #expect(try html.strings("//h3") == ["Yesterday, Monday, 2026-10-26", "Sunday, 2026-10-25"])
        // The chart counts the same local days.
        #expect(try html.strings("//details//tbody/tr/th") == ["2026-10-26", "2026-10-25"])
        #expect(try html.strings("//details//tbody/tr/td") == ["1", "2"])
        #expect(try html.string("//meta[@name='activity-feed-time-zone']/@content") == "Europe/Paris")
        #expect(try html.string("//p[@class='meta']").hasPrefix("Times in Europe/Paris"))
    }

    @Test func theSameRecordsInUTCFallOnTheirUTCDays() throws {
        let html = try AdminPageOrderTests.page(try Self.recordsAroundTheChange(), now: Self.now)
        #expect(try html.strings("//section[@class='day']/h3/@id") == ["d-2026-10-25", "d-2026-10-24"])
        #expect(
            try html.strings("//li[contains(@class, 'run')]//span[@class='absolute']") == [
                "2026-10-25 23:30 UTC", "2026-10-25 22:30 UTC", "2026-10-24 22:30 UTC",
            ])
        #expect(try html.string("//meta[@name='activity-feed-time-zone']/@content") == "UTC")
    }

    @Test func onlyIANAZoneNamesAreAccepted() {
        #expect(PublishOptions.ianaTimeZone(named: "Europe/Paris")?.identifier == "Europe/Paris")
        #expect(PublishOptions.ianaTimeZone(named: "UTC") != nil)
        for bad in ["Mars/Olympus", "", "europe/paris ", "GMT+0130", "../etc/passwd"] {
            #expect(PublishOptions.ianaTimeZone(named: bad) == nil, "‘\(bad)’")
        }
    }
}
