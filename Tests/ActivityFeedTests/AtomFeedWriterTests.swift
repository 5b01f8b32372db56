import ActivityFeed
import Foundation
import SignalLog
import Testing

@Suite struct AtomFeedWriterTests {
    /// Whether `text` is exactly `YYYY-MM-DDTHH:MM:SS.sssZ` and a real instant.
    private static func isRecordDate(_ text: String) -> Bool {
        text.count == 24 && RecordTimestamp(rfc3339: text) != nil
    }

    /// Every document of the output: `feed.atom` and each archive page.
    private func documents(in folder: URL) throws -> [(String, XPathDocument)] {
        let archive = folder.appendingPathComponent("archive")
        let pages = (try? FileManager.default.contentsOfDirectory(atPath: archive.path)) ?? []
        var result = [("feed.atom", try XPathDocument(file: folder.appendingPathComponent("feed.atom")))]
        for page in pages.sorted() where page.hasSuffix(".atom") {
            result.append(("archive/\(page)", try XPathDocument(file: archive.appendingPathComponent(page))))
        }
        return result
    }

    @Test func everyEntryHasAUniqueIdAnAuthorRFC3339DatesAndACategory() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(237))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)

        var ids: [String] = []
        for (path, document) in try documents(in: folder) {
            #expect(try document.string("/a:feed/a:id") == "tag:example.com,2026:activity-feed")
            #expect(try document.string("/a:feed/a:link[@rel='self']/@href") == "https://example.com/admin/\(path)")
            #expect(Self.isRecordDate(try document.string("/a:feed/a:updated")))
            let entryCount = try document.strings("/a:feed/a:entry").count
            #expect(try document.strings("/a:feed/a:entry/a:author/a:name[string-length(.) > 0]").count == entryCount)
            #expect(try document.strings("/a:feed/a:entry/a:category/@term").count == entryCount)
            #expect(try document.strings("/a:feed/a:entry/a:link[@rel='alternate']/@href").count == entryCount)
            for date in try document.strings("/a:feed/a:entry/a:published | /a:feed/a:entry/a:updated") {
                #expect(Self.isRecordDate(date), "\(path): \(date)")
            }
            ids += try document.strings("/a:feed/a:entry/a:id")
        }
        #expect(ids.count == 237)
        #expect(Set(ids).count == 237)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /tag:example\.com,2026:app-[12]\/\d+/) != nil })
    }

    @Test func idsAreIdenticalAcrossRunsIntoFreshFolders() throws {
        let first = try PublishingFixtures.makeFolder()
        let second = try PublishingFixtures.makeFolder()
        defer {
            PublishingFixtures.removeFolder(first)
            PublishingFixtures.removeFolder(second)
        }
        let records = PublishingFixtures.records(120)
        for folder in [first, second] {
            let feed = InMemoryFeed()
            feed.append(records)
            _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        }
        let firstIDs = try documents(in: first).flatMap { try $0.1.strings("//a:entry/a:id") }
        let secondIDs = try documents(in: second).flatMap { try $0.1.strings("//a:entry/a:id") }
        #expect(firstIDs.count == 120)
        #expect(firstIDs == secondIDs)
    }

    @Test func aCompletionReadsInPlainWordsWithItsChangeAndPageLink() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append([
            PublishingFixtures.record(seq: 1042, changes: [.init(field: "done", old: .bool(false), new: .bool(true))])
        ])
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        let document = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))

        #expect(
            try document.string("//a:entry/a:title") == "alice completed ‘See the cherry blossoms’ in ‘Visit Japan’"
        )
        #expect(try document.string("//a:entry/a:id") == "tag:example.com,2026:app-1/1042")
        #expect(try document.string("//a:entry/a:category/@term") == "item.updated")
        #expect(try document.string("//a:entry/a:author/a:name") == "alice")
        #expect(try document.string("//a:entry/a:content/@type") == "xhtml")
        #expect(try document.string("//a:entry/a:content/x:div/x:ul/x:li") == "done: false → true")
        #expect(
            try document.string("//a:entry/a:link[@rel='alternate']/@href")
                == "https://example.com/admin/index.html#e-app-1-1042"
        )
        #expect(try document.string("//a:entry/a:published") == "2026-11-24T11:00:00.000Z")
        #expect(try document.string("/a:feed/a:updated") == "2026-11-24T11:00:00.000Z")
    }

    @Test func anUnknownSignalIsNamedGenerically() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append([PublishingFixtures.record(seq: 1, signal: "item.archived", subject: "Old plan")])
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        let document = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        #expect(
            try document.string("//a:entry/a:title") == "alice caused item.archived on item ‘Old plan’ in ‘Visit Japan’"
        )
        #expect(try document.string("//a:entry/a:category/@term") == "item.archived")
    }

    @Test func withoutABaseURLLinksAreRelativeAndThereIsNoSelfLink() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(110))
        var options = PublishingFixtures.options
        options.baseURL = nil
        _ = try PublishingFixtures.publisher(options).publish(from: feed, to: folder, now: PublishingFixtures.now)
        let subscription = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        let page = try XPathDocument(file: folder.appendingPathComponent("archive/1.atom"))
        #expect(try subscription.strings("//a:link[@rel='self']").isEmpty)
        #expect(try subscription.string("/a:feed/a:link[@rel='prev-archive']/@href") == "archive/1.atom")
        #expect(try page.string("/a:feed/a:link[@rel='current']/@href") == "../feed.atom")
        #expect(try page.string("/a:feed/a:link[@rel='alternate']/@href") == "../index.html")
    }

    @Test func invalidOptionsAreRejectedBeforeAnythingIsWritten() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        var options = PublishingFixtures.options
        options.tagAuthority = "evil.example:8080"
        #expect(throws: PublishError.self) {
            try PublishingFixtures.publisher(options).publish(from: feed, to: folder, now: PublishingFixtures.now)
        }
        options = PublishingFixtures.options
        options.baseURL = URL(string: "admin/")
        let error = #expect(throws: PublishError.self) {
            try PublishingFixtures.publisher(options).publish(from: feed, to: folder, now: PublishingFixtures.now)
        }
        #expect(error?.isInvalidOption == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(arguments: PublishOptions.Setting.allCases)
    func aRefusedOptionIsNamedByItsSetting(_ setting: PublishOptions.Setting) {
        var options = PublishingFixtures.options
        switch setting {
        case .entriesPerDocument: options.entriesPerDocument = 0
        case .baseURL: options.baseURL = URL(string: "admin/")
        case .tagAuthority: options.tagAuthority = "example.com"
        case .windowForPage: options.windowForPage = 0
        case .chartDays: options.chartDays = 0
        case .archiveRetentionDays: options.archiveRetentionDays = 0
        }
        let error = #expect(throws: PublishError.self) { try PublishingFixtures.publisher(options).validate() }
        #expect(error?.invalidSetting == setting)
        #expect(error?.location == setting.rawValue)
    }
}
