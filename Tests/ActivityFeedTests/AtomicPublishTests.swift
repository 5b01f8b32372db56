import ActivityFeed
import Foundation
import Testing

@Suite struct AtomicPublishTests {
    private static let longAgo = Date(timeIntervalSince1970: 1_000_000_000)

    /// Sets every published file's mtime far in the past, so a rewrite shows without waiting.
    private func backdateAll(in folder: URL) throws -> [String] {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".atom") || $0.hasSuffix(".html") || $0.hasSuffix(".css") || $0.hasSuffix(".js")
                || $0.hasSuffix(".json")
        }
        for path in paths {
            try FileManager.default.setAttributes(
                [.modificationDate: Self.longAgo],
                ofItemAtPath: folder.appendingPathComponent(path).path
            )
        }
        return paths.sorted()
    }

    private func modificationDate(_ folder: URL, _ path: String) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[.modificationDate]
            as? Date
    }

    @Test func aRunWithNothingNewRewritesNothingEvenHoursLater() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(180))
        let publisher = PublishingFixtures.publisher()
        let first = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(
            Set(first.changedFiles) == [
                "archive/1.atom", "archive/2.atom", "feed.atom", "feed.json", "index.html", "page.css", "page.js",
            ])
        let paths = try backdateAll(in: folder)

        let later = PublishingFixtures.now.addingTimeInterval(3 * 3600)
        let second = try publisher.publish(from: feed, to: folder, now: later)
        #expect(second.changedFiles.isEmpty)
        // Final archive pages are not even read again; the newest page, the feed and the page are compared.
        #expect(Set(second.unchangedFiles) == Set(paths).subtracting(["archive/1.atom"]))
        for path in paths {
            #expect(try modificationDate(folder, path) == Self.longAgo, "\(path) was rewritten")
        }
    }

    @Test func newRecordsReplaceOnlyTheFilesWhoseBytesChangeAndLeaveNoTemporaryFiles() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(180))
        let publisher = PublishingFixtures.publisher()
        _ = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        _ = try backdateAll(in: folder)

        feed.append(PublishingFixtures.records(5, startingAt: 181))
        let report = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(Set(report.changedFiles) == ["feed.atom", "feed.json", "index.html"])
        #expect(try modificationDate(folder, "archive/1.atom") == Self.longAgo)
        #expect(try modificationDate(folder, "feed.atom") != Self.longAgo)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func temporaryFilesAnInterruptedRunLeftAreRemovedAndOthersKept() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let archive = folder.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        let leftovers = [
            folder.appendingPathComponent(".feed.atom.\(UUID().uuidString).tmp"),
            archive.appendingPathComponent(".3.atom.\(UUID().uuidString).tmp"),
        ]
        let kept = [folder.appendingPathComponent(".notes.tmp"), folder.appendingPathComponent("robots.txt")]
        for file in leftovers + kept { try Data("x".utf8).write(to: file) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(3))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        for file in leftovers {
            #expect(!FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent)")
        }
        for file in kept { #expect(FileManager.default.fileExists(atPath: file.path), "\(file.lastPathComponent)") }
    }

    @Test func aFullPageIsWrittenOnceAndItsPredecessorOnlyGainsNextArchive() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 10)
        feed.append(PublishingFixtures.records(150))
        let publisher = PublishingFixtures.publisher()
        _ = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        let before = try String(contentsOf: folder.appendingPathComponent("archive/2.atom"), encoding: .utf8)
        _ = try backdateAll(in: folder)

        feed.append(PublishingFixtures.records(50, startingAt: 151))
        let report = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(
            Set(report.changedFiles) == ["archive/2.atom", "archive/3.atom", "feed.atom", "feed.json", "index.html"])
        #expect(try modificationDate(folder, "archive/1.atom") == Self.longAgo)
        let after = try String(contentsOf: folder.appendingPathComponent("archive/2.atom"), encoding: .utf8)
        // Archive pages have no whitespace between elements: compare them element by element.
        func elements(_ text: String) -> [Substring] { text.split(separator: "<") }
        let removed = Set(elements(before)).subtracting(elements(after))
        let added = Set(elements(after)).subtracting(elements(before))
        #expect(removed.isEmpty)
        #expect(added.count == 1)
        #expect(added.first?.hasPrefix("link rel=\"next-archive\"") == true)
        #expect(elements(after).count == elements(before).count + 1)
    }

    @Test func aChangedTemplateRewritesThePageWithoutNewRecords() throws {
        let folder = try PublishingFixtures.makeFolder()
        let templates = try PublishingFixtures.makeFolder()
        defer {
            PublishingFixtures.removeFolder(folder)
            PublishingFixtures.removeFolder(templates)
        }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(3))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)

        try "<p>{{title}}: {{windowSize}} records</p>\n".write(
            to: templates.appendingPathComponent("index.mustache"),
            atomically: true,
            encoding: .utf8
        )
        var options = PublishingFixtures.options
        options.templateDirectory = templates
        let report = try PublishingFixtures.publisher(options).publish(
            from: feed,
            to: folder,
            now: PublishingFixtures.now.addingTimeInterval(60)
        )
        #expect(report.changedFiles == ["index.html"])
        let page = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page == "<p>Bucketlist activity: 3 records</p>\n")
    }

    @Test func theStylesheetAndScriptAreRewrittenOnlyWhenTheirBytesChange() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(3))
        let publisher = PublishingFixtures.publisher()
        _ = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        _ = try backdateAll(in: folder)

        // A new record of a person already on the page changes neither file.
        feed.append(PublishingFixtures.records(3, startingAt: 4))
        let same = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(Set(same.unchangedFiles).isSuperset(of: ["page.css", "page.js"]))
        #expect(try modificationDate(folder, "page.css") == Self.longAgo)
        #expect(try modificationDate(folder, "page.js") == Self.longAgo)

        // A new person adds a filter choice: the stylesheet gains its rule, the script stays.
        feed.append([PublishingFixtures.record(seq: 7, actor: "dave", actorID: 10, minutesBeforeNow: 1)])
        let newPerson = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(Set(newPerson.changedFiles) == ["feed.atom", "feed.json", "index.html", "page.css"])
        let stylesheet = try String(contentsOf: folder.appendingPathComponent("page.css"), encoding: .utf8)
        #expect(stylesheet.contains("#fa-4:checked ~ #activity .run:not(.a4)"))
        #expect(try modificationDate(folder, "page.js") == Self.longAgo)
    }

    @Test func aTemplateFolderReplacesTheStylesheetAndScriptPartsOrKeepsTheEmbeddedOnes() throws {
        let folder = try PublishingFixtures.makeFolder()
        let templates = try PublishingFixtures.makeFolder()
        defer {
            PublishingFixtures.removeFolder(folder)
            PublishingFixtures.removeFolder(templates)
        }
        func write(_ text: String, _ name: String) throws {
            try text.write(to: templates.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("<link rel=\"stylesheet\" href=\"page.css\"><p>{{windowSize}}</p>\n", "index.mustache")
        try write("body { color: red; }\n", "style.mustache")
        var options = PublishingFixtures.options
        options.templateDirectory = templates
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(3))
        _ = try PublishingFixtures.publisher(options).publish(from: feed, to: folder, now: PublishingFixtures.now)
        func published(_ name: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        // style.mustache replaces the look; the filter rules and the embedded script stay.
        #expect(try published("page.css").hasPrefix("body { color: red; }\n"))
        #expect(try published("page.css").contains("#fa-1:checked"))
        #expect(try published("page.js").contains("function refresh()"))

        try write("/* all mine */\n", "stylesheet.mustache")
        try write("console.log({{windowSize}});\n", "script.mustache")
        let report = try PublishingFixtures.publisher(options).publish(
            from: feed, to: folder, now: PublishingFixtures.now)
        #expect(Set(report.changedFiles) == ["page.css", "page.js"])
        #expect(try published("page.css") == "/* all mine */\n")
        #expect(try published("page.js") == "console.log(3);\n")
    }
}
