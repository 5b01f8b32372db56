import ActivityFeed
import Foundation
import SignalLog
import Testing

/// The page lists entries by `(ts, source, seq)`, newest first, whatever order they were ingested in.
@Suite struct AdminPageOrderTests {
    /// Publishes `records` in the order given (the ingest order) and returns the page.
    static func page(
        _ records: [SignalRecord],
        options: PublishOptions = PublishingFixtures.options,
        now: Date = PublishingFixtures.now
    ) throws -> XPathDocument {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(records)
        _ = try PublishingFixtures.publisher(options).publish(from: feed, to: folder, now: now)
        return try XPathDocument(html: try Data(contentsOf: folder.appendingPathComponent("index.html")))
    }

    @Test func threeInterleavedSourcesIngestedOneAfterAnotherAreListedByTimeThenSourceThenSeq() throws {
        // Each source's records are minutes 0, 3, 6, … before now, offset by the source: the three interleave.
        // app-c and app-a also share one instant (minute 30), which the source decides.
        var records: [SignalRecord] = []
        for (offset, source) in ["app-c", "app-a", "app-b"].enumerated() {
            for seq in Int64(1)...4 {
                let minutes = Int64(offset) + (5 - seq) * 3 + 20
                records.append(
                    PublishingFixtures.record(
                        seq: seq, source: source, actor: "\(source)-\(seq)", subject: "\(source) \(seq)",
                        minutesBeforeNow: source == "app-c" && seq == 1 ? 30 : minutes))
            }
        }
        records.append(
            PublishingFixtures.record(
                seq: 5, source: "app-a", actor: "app-a-5", subject: "app-a 5", minutesBeforeNow: 30))
        let html = try Self.page(records)
        // Every record has its own actor, so no two records share a line.
        let anchors = try html.strings("//li[contains(@class, 'run')]/span[@class='anchor']/@id")

        let expected = records.sorted {
            $0.timestamp != $1.timestamp
                ? $0.timestamp > $1.timestamp
                : $0.source != $1.source ? $0.source > $1.source : $0.seq > $1.seq
        }.map { "e-\($0.source)-\($0.seq)" }
        #expect(anchors == expected)
        #expect(anchors.count == 13)
        // The shared instant: app-c before app-a, newest first; app-a's two records of one instant by seq.
        let tied = anchors.filter { ["e-app-c-1", "e-app-a-5", "e-app-a-2"].contains($0) }
        #expect(tied.first == "e-app-c-1")
        #expect(Set(anchors.prefix(3)) == ["e-app-b-4", "e-app-a-4", "e-app-c-4"])
    }

    @Test func theFeedKeepsIngestOrderWhileThePageSortsByTime() throws {
        let records = [
            PublishingFixtures.record(seq: 1, source: "app-2", actor: "bob", minutesBeforeNow: 10),
            PublishingFixtures.record(seq: 1, source: "app-1", actor: "alice", minutesBeforeNow: 50),
        ]
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(records)
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        let atom = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        #expect(
            try atom.strings("//a:entry/a:id") == [
                "tag:example.com,2026:app-1/1", "tag:example.com,2026:app-2/1",
            ])
        let html = try XPathDocument(html: try Data(contentsOf: folder.appendingPathComponent("index.html")))
        #expect(
            try html.strings("//li[contains(@class, 'run')]/span[@class='anchor']/@id") == ["e-app-2-1", "e-app-1-1"])
    }
}
