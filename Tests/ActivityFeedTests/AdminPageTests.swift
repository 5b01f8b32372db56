import ActivityFeed
import Foundation
import SignalLog
import Testing

@Suite struct AdminPageTests {
    private func publish(_ records: [SignalRecord], options: PublishOptions = PublishingFixtures.options) throws -> (
        page: String, feed: Data, stylesheet: String, script: String
    ) {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(records)
        _ = try PublishingFixtures.publisher(options).publish(from: feed, to: folder, now: PublishingFixtures.now)
        func text(_ name: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return (
            try text("index.html"),
            try Data(contentsOf: folder.appendingPathComponent("feed.atom")),
            try text("page.css"),
            try text("page.js")
        )
    }

    private func lines(of page: String) throws -> [String] {
        try XPathDocument(html: Data(page.utf8)).strings("//li[contains(@class, 'run')]").map {
            $0.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        }
    }

    @Test func hostileTitlesGiveAWellFormedFeedAndAPageWithoutInjectedMarkup() throws {
        let hostile = [
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(2)>",
            "Tom &amp; Jerry",
            "bell\u{07}null\u{00}escape\u{1B}[31m",
            "مرحبا بالعالم \u{202E}txt.exe",
            "🌸 Cherry 👩‍👩‍👧",
            String(repeating: "A<b>&", count: 60_000),
        ]
        let records = hostile.enumerated().map { index, title in
            PublishingFixtures.record(
                seq: Int64(index + 1),
                actor: "<b>mallory</b>",
                subject: title,
                parent: title,
                parentID: Int64(100 + index),
                changes: [.init(field: "name", old: .string(title), new: .string("</ul><script>x</script>"))],
                minutesBeforeNow: Int64(10 * index)
            )
        }
        let (page, feedData, _, _) = try publish(records)

        let feed = try XPathDocument(xml: feedData, name: "feed.atom")
        let titles = try feed.strings("//a:entry/a:title")
        #expect(titles.count == hostile.count)
        #expect(titles.contains { $0.contains("<script>alert(1)</script>") })
        #expect(titles.contains { $0.contains("Tom &amp; Jerry") })
        #expect(titles.contains { $0.contains("bellnullescape[31m") })
        #expect(titles.contains { $0.contains("‘\u{2068}مرحبا بالعالم ⟨U+202E⟩txt.exe\u{2069}’") })
        #expect(titles.contains { $0.contains("🌸 Cherry 👩‍👩‍👧") })
        #expect(try feed.strings("//x:script | //x:img | //a:entry/a:content//*[@onerror]").isEmpty)
        #expect(!feedData.contains(0x07) && !feedData.contains(0x00) && !feedData.contains(0x1B))

        let html = try XPathDocument(html: Data(page.utf8))
        #expect(try html.strings("//script").count == 1)
        #expect(try html.strings("//script[not(@src)] | //style | //@style").isEmpty)
        #expect(try html.strings("//img | //b | //*[@onerror]").isEmpty)
        #expect(!page.contains("<script>alert") && !page.contains("<img"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("Tom &amp;amp; Jerry"))
        #expect(page.contains("🌸 Cherry 👩‍👩‍👧"))
        #expect(!page.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(page.utf8.count < 200_000, "a 300 KB title is cut for display")
    }

    @Test func runsOfSimilarEventsAreAggregatedIntoOneLine() throws {
        let done = SignalRecord.FieldChange(field: "done", old: .bool(false), new: .bool(true))
        let records =
            [
                PublishingFixtures.record(
                    seq: 1, signal: "bucketlist.updated", subject: "Visit Japan", subjectID: 12, parent: nil,
                    minutesBeforeNow: 50),
                PublishingFixtures.record(
                    seq: 2, signal: "bucketlist.updated", subject: "Visit Japan", subjectID: 12, parent: nil,
                    minutesBeforeNow: 49),
                PublishingFixtures.record(
                    seq: 3, signal: "bucketlist.updated", subject: "Visit Japan", subjectID: 12, parent: nil,
                    minutesBeforeNow: 48),
            ]
            + (4...7).map { seq in
                PublishingFixtures.record(
                    seq: Int64(seq), actor: "bob", actorID: 8, subject: "Stop \(seq)", parent: "Road trip",
                    parentID: 30,
                    changes: [done], minutesBeforeNow: 40 - Int64(seq))
            }
            + [
                PublishingFixtures.record(
                    seq: 8, signal: "item.created", actor: "carol", subject: "Fuji", minutesBeforeNow: 5)
            ]
        let (page, _, _, _) = try publish(records)
        let lines = try lines(of: page)
        #expect(lines.count == 3)
        let fromTwoSources = records.map { record in
            var copy = record
            copy.source = copy.seq.isMultiple(of: 2) ? "app-2" : "app-1"
            return copy
        }
        let separateLines = try self.lines(of: publish(fromTwoSources).page)
        #expect(separateLines.count == 8, "the same ids in two application databases are different objects")
        let headings = try XPathDocument(html: Data(page.utf8)).strings("//section[@class='day']/h3")
        #expect(headings == ["Today, Tuesday, 2026-11-24"])
        #expect(lines.contains { $0.hasPrefix("bob completed 4 items in ‘Road trip’") })
        #expect(lines.contains { $0.hasPrefix("alice updated the list ‘Visit Japan’ 3 times") })
        #expect(
            lines.contains { $0.hasPrefix("carol created ‘Fuji’ in ‘Visit Japan’ 5 minutes ago 2026-11-24 11:55 UTC") })
        for seq in 1...8 {
            #expect(page.contains("id=\"e-app-1-\(seq)\""))
        }
    }

    @Test func eachPageLineReadsAsItsFeedEntryTitle() throws {
        let done = SignalRecord.FieldChange(field: "done", old: .bool(false), new: .bool(true))
        let records = [
            PublishingFixtures.record(
                seq: 1, signal: "user.registered", subject: "alice", parent: nil, minutesBeforeNow: 50),
            PublishingFixtures.record(
                seq: 2, signal: "user.registered", actor: "root", actorID: 0, subject: "dave", parent: nil,
                minutesBeforeNow: 40),
            PublishingFixtures.record(
                seq: 3, signal: "bucketlist.deleted", actor: "bob", actorID: 8, subject: "Old list", parent: nil,
                minutesBeforeNow: 30),
            PublishingFixtures.record(seq: 4, actor: "carol", actorID: 9, changes: [done], minutesBeforeNow: 20),
            PublishingFixtures.record(seq: 5, signal: "item.archived", subject: "Old plan", minutesBeforeNow: 10),
        ]
        let (page, feedData, _, _) = try publish(records)
        let titles = try XPathDocument(xml: feedData, name: "feed.atom").strings("//a:entry/a:title")
        let lines = try lines(of: page)
        #expect(titles.count == records.count)
        #expect(lines.count == records.count)
        for (title, line) in zip(titles, lines) {
            #expect(line.hasPrefix(title + " "), "page line ‘\(line)’ does not read as ‘\(title)’")
        }
    }

    @Test func filtersByActorAndSignalArePlainRadioButtonsWithCSSRules() throws {
        let records = PublishingFixtures.records(6)
        let (page, _, stylesheet, _) = try publish(records)
        let html = try XPathDocument(html: Data(page.utf8))
        #expect(try html.strings("//input[@type='radio' and @name='actor']").count == 4)
        #expect(try html.strings("//input[@type='radio' and @name='signal']").count == 4)
        #expect(try html.strings("//label[@for='fa-1']").first?.hasPrefix("alice") == true)
        #expect(stylesheet.contains("#fa-1:checked ~ #activity .run:not(.a1) { display: none; }"))
        #expect(stylesheet.contains("#fs-3:checked ~ #activity .run:not(.s3) { display: none; }"))
        #expect(!stylesheet.contains("#fa-4:checked"), "one rule per choice")
        #expect(try html.strings("//li[contains(concat(' ', @class, ' '), ' a1 ')]").count == 2)
    }

    @Test func thePageHasLandmarksHeadingsTablesAChartAndDarkMode() throws {
        let (page, _, stylesheet, _) = try publish(PublishingFixtures.records(40))
        let html = try XPathDocument(html: Data(page.utf8))
        #expect(try html.strings("//header | //main | //footer").count == 3)
        #expect(try html.string("//h1") == "Bucketlist activity")
        #expect(try html.strings("//h2").count == 4)
        #expect(try html.strings("//table[.//th[@scope='col']]").count == 3)
        #expect(try html.strings("//svg//rect").count == 30)
        #expect(try html.string("//meta[@name='activity-feed-generated']/@content") == "2026-11-24T12:00:00.000Z")
        #expect(try html.string("(//header//time)[1]/@datetime") == "2026-11-24T12:00:00.000Z")
        #expect(stylesheet.contains("@media (prefers-color-scheme: dark)"))
    }

    @Test func summaryFiguresCountTheLastDayAndWeekPerSignal() throws {
        let records = [
            PublishingFixtures.record(seq: 1, signal: "item.created", minutesBeforeNow: 60),
            PublishingFixtures.record(seq: 2, signal: "item.created", minutesBeforeNow: 3 * 24 * 60),
            PublishingFixtures.record(seq: 3, signal: "item.deleted", minutesBeforeNow: 20 * 24 * 60),
        ]
        let (page, _, _, _) = try publish(records)
        let html = try XPathDocument(html: Data(page.utf8))
        let createdRow = try html.strings("//table[@class='figures']//tr[th='item.created']/td")
        let deletedRow = try html.strings("//table[@class='figures']//tr[th='item.deleted']/td")
        #expect(createdRow == ["1", "2", "2"])
        #expect(deletedRow == ["0", "0", "1"])
        #expect(try html.strings("//table[@class='figures']/tfoot//td") == ["1", "2", "3"])
    }

    @Test func anEmptyStorePublishesAnEmptyFeedAndAPageSayingSo() throws {
        let (page, feedData, _, _) = try publish([])
        let feed = try XPathDocument(xml: feedData, name: "feed.atom")
        #expect(try feed.strings("//a:entry").isEmpty)
        #expect(try feed.strings("//a:link[@rel='prev-archive']").isEmpty)
        #expect(try feed.string("/a:feed/a:updated") == "1970-01-01T00:00:00.000Z")
        let html = try XPathDocument(html: Data(page.utf8))
        #expect(try html.strings("//div[@id='activity']/p") == ["No activity yet."])
        #expect(try html.strings("//table[@class='figures']/tfoot//td") == ["0", "0", "0"])
    }

    @Test func thePageLinksItsStylesheetAndScriptAndHoldsNothingAStrictCSPBlocks() throws {
        let (page, _, stylesheet, script) = try publish(PublishingFixtures.records(12))
        let html = try XPathDocument(html: Data(page.utf8))
        #expect(try html.strings("//link[@rel='stylesheet']/@href") == ["page.css"])
        #expect(try html.strings("//script/@src") == ["page.js"])
        #expect(try html.strings("//script[@defer]").count == 1)
        // What `style-src 'self'; script-src 'self'` (no 'unsafe-inline') refuses: inline
        // elements, style attributes, event-handler attributes and javascript: URLs.
        #expect(try html.strings("//style | //script[not(@src)] | //script[normalize-space(.) != '']").isEmpty)
        #expect(try html.strings("//@style").isEmpty)
        #expect(try html.strings("//@*[starts-with(name(), 'on')]").isEmpty)
        #expect(try html.strings("//@href[starts-with(normalize-space(.), 'javascript:')]").isEmpty)
        #expect(!page.contains("style="))
        #expect(stylesheet.contains("body {") && !stylesheet.contains("<"))
        #expect(script.contains("function refresh()") && !script.contains("<script"))
    }

    @Test func everyUserTextValueIsIsolatedInItsOwnBdiChangeValuesIncluded() throws {
        // Each value holds right-to-left letters and a right-to-left mark (an override would be shown as its
        // code, see EntryWordingTests); were it not isolated, it would reorder the words next to it.
        let override = "\u{05D0}\u{05D1}\u{200F}"
        let values = [
            "actor": "mallory\(override)1", "subject": "title\(override)2", "parent": "list\(override)3",
            "old": "before\(override)4", "new": "after\(override)5", "field": "name\(override)6",
        ]
        let change = SignalRecord.FieldChange(
            field: values["field"]!, old: .string(values["old"]!), new: .string(values["new"]!))
        let records = [
            PublishingFixtures.record(
                seq: 1, actor: values["actor"]!, subject: values["subject"]!, parent: values["parent"]!,
                changes: [change], minutesBeforeNow: 5)
        ]
        let (page, _, _, _) = try publish(records)
        let html = try XPathDocument(html: Data(page.utf8))
        let line = "//li[contains(@class, 'run')]"
        for (role, value) in values.sorted(by: { $0.key < $1.key }) {
            let literal = "'\(value)'"
            let inLine = try html.strings("\(line)//text()[contains(., \(literal))]")
            #expect(inLine.count == 1, "\(role) appears once on its line")
            #expect(
                try html.strings("//text()[contains(., \(literal))][not(ancestor::bdi)]").isEmpty,
                "every \(role) text sits in a bdi")
            // The innermost bdi around it holds no other value, so each is isolated on its own.
            let holders = try html.strings("\(line)//bdi[contains(., \(literal))][not(.//bdi)]")
            #expect(holders.count == 1, "\(role)")
            for other in values.values where other != value {
                #expect(holders.allSatisfy { !$0.contains(other) }, "\(role) shares its isolate with \(other)")
            }
        }
        let quotedOld = "‘\u{2068}\(values["old"]!)\u{2069}’"
        let quotedNew = "‘\u{2068}\(values["new"]!)\u{2069}’"
        #expect(
            try html.strings("\(line)//ul[@class='details']/li") == ["\(values["field"]!): \(quotedOld) → \(quotedNew)"]
        )
        // Signal names and people in the tables are isolated too.
        #expect(try html.strings("//tbody/tr/th[not(bdi)][not(ancestor::details)]").isEmpty)
    }

    @Test func aTemplateFolderWithoutIndexIsAClearError() throws {
        let templates = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(templates) }
        var options = PublishingFixtures.options
        options.templateDirectory = templates
        let error = #expect(throws: PublishError.self) { try publish([], options: options) }
        #expect(error?.description.contains("index.mustache") == true)
    }

    @Test func aTemplateThatDoesNotParseFailsBeforeAnyFileIsWritten() throws {
        let templates = try PublishingFixtures.makeFolder()
        let folder = try PublishingFixtures.makeFolder()
        defer {
            PublishingFixtures.removeFolder(templates)
            PublishingFixtures.removeFolder(folder)
        }
        try "<p>{{#days}}unclosed</p>".write(
            to: templates.appendingPathComponent("index.mustache"),
            atomically: true,
            encoding: .utf8
        )
        var options = PublishingFixtures.options
        options.templateDirectory = templates
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(3))
        let error = #expect(throws: PublishError.self) {
            try PublishingFixtures.publisher(options).publish(from: feed, to: folder, now: PublishingFixtures.now)
        }
        #expect(error?.location.hasSuffix("index.mustache") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
