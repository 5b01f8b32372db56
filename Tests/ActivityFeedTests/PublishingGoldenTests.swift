import ActivityFeed
import Foundation
import SignalLog
import Testing

/// Compares what a small fixture publishes, as of a fixed moment, with the files in `Tests/ActivityFeedGolden/`:
/// the feed, its archive pages, the page and the stylesheet and script it links.
/// Run with `UPDATE_GOLDEN=1` to rewrite them after an intended change, then review the diff.
@Suite struct PublishingGoldenTests {
    private static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ActivityFeedGolden")

    static func fixture() -> [SignalRecord] {
        let done = SignalRecord.FieldChange(field: "done", old: .bool(false), new: .bool(true))
        let rename = SignalRecord.FieldChange(field: "name", old: .string("Japan"), new: .string("Visit Japan"))
        return [
            PublishingFixtures.record(
                seq: 1, signal: "user.registered", subject: "alice", subjectID: 7, parent: nil,
                minutesBeforeNow: 3 * 24 * 60),
            PublishingFixtures.record(
                seq: 2, signal: "bucketlist.created", subject: "Japan", subjectID: 12, parent: nil,
                minutesBeforeNow: 3 * 24 * 60 - 5),
            PublishingFixtures.record(
                seq: 3, signal: "bucketlist.updated", subject: "Visit Japan", subjectID: 12, parent: nil,
                changes: [rename], minutesBeforeNow: 2 * 24 * 60),
            PublishingFixtures.record(seq: 4, signal: "item.created", subjectID: 311, minutesBeforeNow: 26 * 60),
            PublishingFixtures.record(
                seq: 1, source: "app-2", signal: "item.created", actor: "bob", actorID: 8, subject: "Route 66",
                subjectID: 40, parent: "Road trip", parentID: 30, minutesBeforeNow: 300),
            PublishingFixtures.record(
                seq: 5, subjectID: 311, changes: [done], minutesBeforeNow: 90),
            PublishingFixtures.record(
                seq: 2, source: "app-2", actor: "bob", actorID: 8, subject: "Route 66", subjectID: 40,
                parent: "Road trip", parentID: 30, changes: [done], minutesBeforeNow: 30),
            PublishingFixtures.record(
                seq: 3, source: "app-2", actor: "bob", actorID: 8, subject: "Grand Canyon", subjectID: 41,
                parent: "Road trip", parentID: 30, changes: [done], minutesBeforeNow: 20),
            PublishingFixtures.record(
                seq: 6, signal: "item.deleted", subject: "Tokyo <Tower> & \"Skytree\"", subjectID: 312,
                minutesBeforeNow: 2),
        ]
    }

    @Test func aSmallFixturePublishesExactlyTheGoldenFiles() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(Self.fixture())
        var options = PublishingFixtures.options
        options.entriesPerDocument = 3
        let report = try PublishingFixtures.publisher(options).publish(
            from: feed,
            to: folder,
            now: PublishingFixtures.now
        )
        let files = ["feed.atom", "feed.json", "archive/1.atom", "archive/2.atom", "index.html", "page.css", "page.js"]
        #expect(Set(report.changedFiles) == Set(files))
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        for file in files {
            let produced = try Data(contentsOf: folder.appendingPathComponent(file))
            let golden = Self.goldenFolder.appendingPathComponent(file)
            if update {
                try FileManager.default.createDirectory(
                    at: golden.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try produced.write(to: golden)
            }
            let expected = try Data(contentsOf: golden)
            #expect(produced == expected, "\(file) differs from ActivityFeedGolden/\(file)")
        }
    }
}
