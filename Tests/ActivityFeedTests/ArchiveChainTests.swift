import ActivityFeed
import Foundation
import SignalLog
import Testing

@Suite struct ArchiveChainTests {
    private func expectedIDs(_ records: [SignalRecord]) -> [String] {
        records.map { "tag:example.com,2026:\($0.source)/\($0.seq)" }
    }

    @Test func walkingPrevArchiveYieldsEveryRecordOnceAndTheFeedKeepsTheNewestPageAsItGrows() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 20)
        let publisher = PublishingFixtures.publisher()
        var all: [SignalRecord] = []
        for (batch, expectedPages) in [(237, 3), (63, 5), (1, 5), (49, 6)] {
            let records = PublishingFixtures.records(batch, startingAt: Int64(all.count) + 1)
            all += records
            feed.append(records)
            let report = try publisher.publish(from: feed, to: folder, now: PublishingFixtures.now)
            let (ids, pages) = try PublishingFixtures.walkArchiveChain(folder)
            #expect(ids.count == all.count)
            #expect(Set(ids) == Set(expectedIDs(all)))
            #expect(pages.count == expectedPages)
            #expect(report.archivePages == expectedPages)
            #expect(report.subscriptionEntries == all.count - expectedPages * 50)
            #expect((50..<100).contains(report.subscriptionEntries))
        }
    }

    @Test func archivePagesLinkCurrentAndTheirNeighbours() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(210))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        let base = "https://example.com/admin/"
        for page in 1...3 {
            let document = try XPathDocument(file: folder.appendingPathComponent("archive/\(page).atom"))
            #expect(try document.string("/a:feed/a:link[@rel='current']/@href") == base + "feed.atom")
            let previous = try document.strings("/a:feed/a:link[@rel='prev-archive']/@href")
            let next = try document.strings("/a:feed/a:link[@rel='next-archive']/@href")
            #expect(previous == (page > 1 ? [base + "archive/\(page - 1).atom"] : []))
            #expect(next == (page < 3 ? [base + "archive/\(page + 1).atom"] : []))
            let ordinalsOfPage = ((page - 1) * 50 + 1)...(page * 50)
            let ids = try document.strings("/a:feed/a:entry/a:id")
            #expect(ids == ordinalsOfPage.reversed().map { "tag:example.com,2026:app-\($0 % 2 == 0 ? 2 : 1)/\($0)" })
        }
        let subscription = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        #expect(try subscription.strings("/a:feed/fh:archive").isEmpty)
        #expect(try subscription.strings("/a:feed/a:entry").count == 60)
    }

    /// Archive entries leave out what repeats their other fields: no `published`, and content only
    /// for the list of changes; the subscription document keeps both.
    @Test func archiveEntriesCarryNoPublishedTimeAndOnlyTheirChangesAsContent() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed()
        feed.append(PublishingFixtures.records(120))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        let page = try XPathDocument(file: folder.appendingPathComponent("archive/1.atom"))
        #expect(try page.strings("/a:feed/a:entry").count == 50)
        #expect(try page.strings("/a:feed/a:entry/a:published").isEmpty)
        #expect(try page.strings("/a:feed/a:entry/a:updated").count == 50)
        #expect(try page.strings("/a:feed/a:entry/a:content/x:div/x:p").isEmpty)
        let withChanges = try page.strings("/a:feed/a:entry[a:content]/a:content/x:div/x:ul/x:li")
        #expect(!withChanges.isEmpty)
        #expect(withChanges.count == (try page.strings("/a:feed/a:entry/a:content").count))
        let subscription = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        let entries = try subscription.strings("/a:feed/a:entry").count
        #expect(try subscription.strings("/a:feed/a:entry/a:published").count == entries)
        #expect(try subscription.strings("/a:feed/a:entry/a:content").count == entries)
    }

    @Test func aPageIsMarkedArchivedOnlyOnceItLinksToItsSuccessor() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 10)
        feed.append(PublishingFixtures.records(237))
        _ = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(feed.markCalls == [100])
        #expect(try feed.archivedThrough() == 100)
        #expect(feed.heldCount == 137)

        feed.append(PublishingFixtures.records(13, startingAt: 238))
        let report = try PublishingFixtures.publisher().publish(from: feed, to: folder, now: PublishingFixtures.now)
        #expect(feed.markCalls == [100, 150])
        #expect(report.changedFiles.contains("archive/3.atom"))
        #expect(report.changedFiles.contains("archive/4.atom"))
        #expect(!report.changedFiles.contains("archive/2.atom"))
        let page3 = try XPathDocument(file: folder.appendingPathComponent("archive/3.atom"))
        #expect(try page3.string("//a:link[@rel='next-archive']/@href") == "https://example.com/admin/archive/4.atom")
    }

    @Test func aLongFirstRunMarksPagesArchivedInBatchesAsItGoes() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 5)
        feed.append(PublishingFixtures.records(250))
        var options = PublishingFixtures.options
        options.entriesPerDocument = 1
        let report = try PublishingFixtures.publisher(options).publish(
            from: feed, to: folder, now: PublishingFixtures.now)
        #expect(report.archivePages == 249)
        #expect(feed.markCalls == [100, 200, 248])
        #expect(feed.heldCount == 5)
        #expect(try PublishingFixtures.walkArchiveChain(folder).ids.count == 250)
    }

    @Test func aStoreThatLostAPagesEntriesIsReportedNotPublishedShort() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 10)
        feed.append(PublishingFixtures.records(120))
        try feed.markArchived(through: 60)
        let store = DamagedFeed(inner: feed, archivedThroughValue: 0)
        let error = #expect(throws: PublishError.self) {
            try PublishingFixtures.publisher().publish(from: store, to: folder, now: PublishingFixtures.now)
        }
        #expect(error?.location == "archive/1.atom")
    }

    @Test func aRunOfManyPagesWritesTheSameBytesAsRunsOfOnePageEach() throws {
        let together = try PublishingFixtures.makeFolder()
        let apart = try PublishingFixtures.makeFolder()
        defer {
            PublishingFixtures.removeFolder(together)
            PublishingFixtures.removeFolder(apart)
        }
        var options = PublishingFixtures.options
        options.entriesPerDocument = 5
        let records = PublishingFixtures.records(163)
        let all = InMemoryFeed(window: 1000)
        all.append(records)
        let report = try PublishingFixtures.publisher(options).publish(
            from: all, to: together, now: PublishingFixtures.now)
        let oneByOne = InMemoryFeed(window: 1000)
        for start in stride(from: 0, to: records.count, by: 5) {
            oneByOne.append(Array(records[start..<min(start + 5, records.count)]))
            _ = try PublishingFixtures.publisher(options).publish(
                from: oneByOne, to: apart, now: PublishingFixtures.now)
        }
        #expect(report.archivePages == 31)
        #expect(all.markCalls == [150])
        #expect(oneByOne.markCalls.last == 150)
        for file in ["feed.atom"] + (1...31).map({ "archive/\($0).atom" }) {
            let written = try Data(contentsOf: together.appendingPathComponent(file))
            #expect(written == (try Data(contentsOf: apart.appendingPathComponent(file))), "\(file)")
        }
    }

    /// Publishes 200 records, five to a page (so 39 archive pages, written on worker threads),
    /// from `damage` applied to a store holding them, into `folder`.
    private func publishTwoHundredRecords(
        from feed: InMemoryFeed,
        damagedBy damage: (InMemoryFeed) -> DamagedFeed,
        to folder: URL
    ) throws {
        var options = PublishingFixtures.options
        options.entriesPerDocument = 5
        feed.append(PublishingFixtures.records(200))
        _ = try PublishingFixtures.publisher(options).publish(
            from: damage(feed), to: folder, now: PublishingFixtures.now)
    }

    @Test func whenAPageCannotBeFetchedEveryPageBeforeItIsWrittenAndNoneAfter() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        let feed = InMemoryFeed(window: 1000)
        let error = #expect(throws: PublishError.self) {
            try publishTwoHundredRecords(
                from: feed, damagedBy: { DamagedFeed(inner: $0, missingOrdinal: 58) }, to: folder)
        }
        #expect(error?.location == "archive/12.atom")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("archive").path)
        #expect(Set(written) == Set((1...11).map { "\($0).atom" }))
        #expect(feed.markCalls.isEmpty)
    }

    @Test func anErrorMarkingPagesArchivedBesideLaterWritesFailsTheRun() throws {
        let folder = try PublishingFixtures.makeFolder()
        defer { PublishingFixtures.removeFolder(folder) }
        #expect(throws: DamagedFeed.MarkFailure.self) {
            try publishTwoHundredRecords(
                from: InMemoryFeed(window: 1000), damagedBy: { DamagedFeed(inner: $0, marksFail: true) }, to: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("feed.atom").path))
    }
}

/// A store in a damaged state: it lost one entry, its `archivedThrough` claims less than it
/// pruned, or it cannot record what is archived.
private struct DamagedFeed: FeedReading {
    struct MarkFailure: Error {}

    let inner: InMemoryFeed
    var missingOrdinal: Int64?
    var archivedThroughValue: Int64?
    var marksFail = false

    func lastOrdinal() throws -> Int64 { try inner.lastOrdinal() }
    func entries(ordinals: ClosedRange<Int64>) throws -> [FeedEntry] {
        try inner.entries(ordinals: ordinals).filter { $0.ordinal != missingOrdinal }
    }
    func newestEntries(limit: Int) throws -> [FeedEntry] { try inner.newestEntries(limit: limit) }
    func dailySignalCounts(since: RecordTimestamp?) throws -> [DailySignalCount] {
        try inner.dailySignalCounts(since: since)
    }
    func actorCounts() throws -> [ActorCount] { try inner.actorCounts() }
    func sources() throws -> [SourceProgress] { try inner.sources() }
    func archivedThrough() throws -> Int64 { try archivedThroughValue ?? inner.archivedThrough() }
    func markArchived(through ordinal: Int64) throws {
        if marksFail { throw MarkFailure() }
        try inner.markArchived(through: ordinal)
    }
    func firstArchivePage() throws -> Int { try inner.firstArchivePage() }
    func markFirstArchivePage(_ page: Int) throws { try inner.markFirstArchivePage(page) }
}
