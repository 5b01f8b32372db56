import ActivityFeed
import Foundation
import SignalLog
import Testing

/// Filters by person, signal and list: radio buttons whose `:checked` state the stylesheet's rules
/// turn into hidden lines, without JavaScript; they combine.
@Suite struct AdminPageFilterTests {
    /// The published page and stylesheet of `records`.
    private static func publish(_ records: [SignalRecord]) throws -> (page: XPathDocument, stylesheet: String) {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(records)
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        return (
            try XPathDocument(html: try Data(contentsOf: folder.appendingPathComponent("index.html"))),
            try String(contentsOf: folder.appendingPathComponent("page.css"), encoding: .utf8)
        )
    }

    /// The anchors of the lines left shown when the radio buttons `checked` (ids) are chosen, by
    /// applying the stylesheet's rules `#<id>:checked ~ #activity .run:not(.<class>) { display: none; }`.
    private static func shown(
        checking checked: [String], page: XPathDocument, stylesheet: String
    ) throws -> [String] {
        var required: [String] = []
        for id in checked {
            let prefix = "#\(id):checked ~ #activity .run:not(."
            let rule = try #require(stylesheet.split(separator: "\n").first { $0.hasPrefix(prefix) })
            required.append(String(rule.dropFirst(prefix.count).prefix { $0 != ")" }))
        }
        var anchors: [String] = []
        let count = try page.strings("//li[contains(@class, 'run')]").count
        for index in 1...count {
            let line = "(//li[contains(@class, 'run')])[\(index)]"
            let classes = Set(try page.string("\(line)/@class").split(separator: " ").map(String.init))
            if required.allSatisfy(classes.contains) {
                anchors += try page.strings("\(line)/span[@class='anchor']/@id")
            }
        }
        return anchors
    }

    private static func choice(_ name: String, group: String, in page: XPathDocument) throws -> String {
        try page.string("//input[@name='\(group)'][following-sibling::label[1]/bdi = '\(name)']/@id")
    }

    @Test func personListAndSignalFiltersCombineWithoutJavaScript() throws {
        let records = [
            PublishingFixtures.record(
                seq: 1, signal: "item.updated", actor: "alice", parent: "Visit Japan", parentID: 12,
                minutesBeforeNow: 10),
            PublishingFixtures.record(
                seq: 2, signal: "item.created", actor: "alice", parent: "Visit Japan", parentID: 12,
                minutesBeforeNow: 20),
            PublishingFixtures.record(
                seq: 3, signal: "item.updated", actor: "alice", parent: "Road trip", parentID: 13, minutesBeforeNow: 30),
            PublishingFixtures.record(
                seq: 4, signal: "item.updated", actor: "bob", parent: "Visit Japan", parentID: 12, minutesBeforeNow: 40),
            PublishingFixtures.record(
                seq: 5, signal: "bucketlist.updated", actor: "alice", subject: "Visit Japan", subjectID: 12,
                parent: nil,
                minutesBeforeNow: 50),
            PublishingFixtures.record(
                seq: 6, signal: "user.registered", actor: "carol", subject: "carol", parent: nil, minutesBeforeNow: 60),
        ]
        let (page, stylesheet) = try Self.publish(records)
        let alice = try Self.choice("alice", group: "actor", in: page)
        let japan = try Self.choice("Visit Japan", group: "list", in: page)
        let updated = try Self.choice("item.updated", group: "signal", in: page)
        #expect(try page.strings("//input[@name='list']").count == 3, "all lists, Visit Japan, Road trip")

        #expect(try Self.shown(checking: [], page: page, stylesheet: stylesheet).count == 6)
        // The list filter holds the items of the list and the list itself, by id.
        #expect(
            try Self.shown(checking: [japan], page: page, stylesheet: stylesheet) == [
                "e-app-1-1", "e-app-1-2", "e-app-1-4", "e-app-1-5",
            ])
        #expect(
            try Self.shown(checking: [alice, japan], page: page, stylesheet: stylesheet) == [
                "e-app-1-1", "e-app-1-2", "e-app-1-5",
            ])
        #expect(try Self.shown(checking: [alice, japan, updated], page: page, stylesheet: stylesheet) == ["e-app-1-1"])
        // The count of matching records is a CSS counter over the shown lines' anchors.
        #expect(stylesheet.contains("#activity .run .anchor { counter-increment: matching; }"))
        #expect(try page.string("//p[contains(@class, 'match-count')]").hasPrefix("6 records"))
    }

    @Test func twoListsWithOneTitleAreTwoChoicesNamedBySourceAndId() throws {
        let records = [
            PublishingFixtures.record(seq: 1, actor: "alice", parent: "Holidays", parentID: 12, minutesBeforeNow: 10),
            PublishingFixtures.record(seq: 2, actor: "bob", parent: "Holidays", parentID: 40, minutesBeforeNow: 20),
        ]
        let (page, _) = try Self.publish(records)
        #expect(
            Set(try page.strings("//input[@name='list']/following-sibling::label[1]/bdi")) == [
                "Holidays (app-1/12)", "Holidays (app-1/40)",
            ])
    }
}
