import ActivityFeed
import Foundation
import Testing

@Suite struct BuildCycleTests {
    static let publishOptions = PublishOptions(
        entriesPerDocument: 10, tagAuthority: "example.com,2026", windowForPage: 20)

    /// A cycle over `logs` that commits to `store` and publishes into `output/` of `directory`.
    static func cycle(
        _ logs: [String],
        store: FeedStore,
        in directory: FeedTestDirectory,
        batchLines: Int = 20_000,
        publishBacklog: Int = BuildCycle.defaultPublishBacklog,
        archivesBeforeCommit: Bool = true,
        clock: any Clock<Duration> = ContinuousClock()
    ) -> BuildCycle {
        BuildCycle(
            tailer: LogTailer(
                store: store, options: LogTailer.Options(batchLines: batchLines), logger: FeedFixtures.logger),
            logPaths: logs,
            outputDirectory: directory.url.appendingPathComponent("output"),
            publishOptions: publishOptions,
            publishBacklog: publishBacklog,
            archivesBeforeCommit: archivesBeforeCommit,
            clock: clock,
            logger: FeedFixtures.logger
        )
    }

    /// The `source/seq` of each entry the published `feed.atom` holds, newest first.
    static func feedEntries(in directory: FeedTestDirectory) throws -> [String] {
        let feed = try XPathDocument(file: directory.url.appendingPathComponent("output/feed.atom"))
        return try feed.strings("/a:feed/a:entry/a:id").map { String($0.dropFirst("tag:example.com,2026:".count)) }
    }

    /// Files in `output/` (and `output/archive/`) that an unfinished replacement would leave.
    static func temporaryFiles(in directory: FeedTestDirectory) throws -> [String] {
        let output = directory.url.appendingPathComponent("output")
        let names =
            try FileManager.default.contentsOfDirectory(atPath: output.path)
            + FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("archive").path)
        return names.filter { $0.hasSuffix(".tmp") }
    }

    @Test func aLongIngestPublishesArchivePagesWheneverTheBacklogReachesItsThreshold() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...3000), to: log)
        let store = try FeedStore(path: directory.statePath, window: 20)
        let clock = ManualClock()
        let cycle = Self.cycle(
            [log], store: store, in: directory, batchLines: 250, publishBacklog: 600, archivesBeforeCommit: false,
            clock: clock)
        let archive = directory.url.appendingPathComponent("output/archive")
        var batches = 0
        var publishedAfterBatches: [Int] = []
        let report = try cycle.runOnce { event in
            switch event {
            case .ingestProgress:
                batches += 1
                clock.advance(by: .seconds(1))
            case .publishedDuringIngest(let published, let unarchivedEntries):
                publishedAfterBatches.append(batches)
                #expect(unarchivedEntries >= 600)
                let newestPage = archive.appendingPathComponent("\(published.archivePages).atom")
                #expect(FileManager.default.fileExists(atPath: newestPage.path), "written before the ingest goes on")
            case .ingestEnded, .cycleEnded:
                break
            }
        }
        // Each publish leaves 20 entries unarchived (two pages), so every third batch of 250 brings the
        // backlog to 600 again, the last one included, and the end of the cycle has nothing left to publish.
        #expect(publishedAfterBatches == [3, 6, 9, 12])
        #expect(report.publishesDuringIngest == 4)
        #expect(report.published == nil)
        // The cycle is timed on its clock, which only the batches moved.
        #expect(report.duration == .seconds(batches))
        #expect(report.publishingDuration == .zero)

        #expect(try store.needsPublishing() == false)
        let statistics = try store.statistics()
        #expect(statistics.lastOrdinal == 3000)
        #expect(statistics.archivedThrough == 2980)
        #expect(statistics.storedEntries == 20)
        let pages = try FileManager.default.contentsOfDirectory(atPath: archive.path).filter { $0.hasSuffix(".atom") }
        #expect(pages.count == 299)
        #expect(try Self.feedEntries(in: directory).first == "app-1/3000")
    }

    @Test(.timeLimit(.minutes(1)))
    func appendingToAFollowedLogWakesACycleThatPublishesTheNewEntry() async throws {
        let directory = try FeedTestDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("logs"), withIntermediateDirectories: true)
        let log = directory.path("logs/activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...5), to: log)
        try #require(LogChangeWatcher(paths: [log]).usesNotifications)
        let cycle = Self.cycle([log], store: try FeedStore(path: directory.statePath), in: directory)
        let stop = StopRequest()
        let (cycles, cycleEnded) = AsyncStream.makeStream(of: BuildCycle.Report.self)
        let following = Task {
            try await cycle.follow(until: stop) { event in
                if case .cycleEnded(let report) = event { cycleEnded.yield(report) }
            }
        }
        var reports = cycles.makeAsyncIterator()
        let first = try #require(await reports.next())
        #expect(first.ingest.newEntries == 5)
        #expect(try Self.feedEntries(in: directory).first == "app-1/5")

        try FeedFixtures.append(FeedFixtures.lines(6...6), to: log)
        let woken = try #require(await reports.next())
        #expect(woken.ingest.newEntries == 1)
        #expect(woken.published?.subscriptionEntries == 6)
        #expect(try Self.feedEntries(in: directory).first == "app-1/6")

        stop.request()
        try await following.value
    }

    @Test(.timeLimit(.minutes(1)))
    func aPollingFollowLooksAgainEachIntervalOfItsClockAndStopsWhenItWakesAfterARequest() async throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...5), to: log)
        let clock = ManualClock()
        let cycle = Self.cycle([log], store: try FeedStore(path: directory.statePath), in: directory, clock: clock)
        let stop = StopRequest()
        let (cycles, cycleEnded) = AsyncStream.makeStream(of: BuildCycle.Report.self)
        let following = Task {
            try await cycle.follow(until: stop, wake: .polling(every: .seconds(1))) { event in
                if case .cycleEnded(let report) = event { cycleEnded.yield(report) }
            }
        }
        var reports = cycles.makeAsyncIterator()
        #expect(try #require(await reports.next()).ingest.newEntries == 5)

        try FeedFixtures.append(FeedFixtures.lines(6...7), to: log)
        await clock.advanceOnceAsleep(by: .seconds(1))
        let woken = try #require(await reports.next())
        #expect(woken.ingest.newEntries == 2)
        #expect(woken.published != nil)
        #expect(try Self.feedEntries(in: directory).first == "app-1/7")

        await clock.advanceOnceAsleep(by: .seconds(1))
        let quiet = try #require(await reports.next())
        #expect(quiet.ingest.newEntries == 0)
        #expect(quiet.published == nil, "nothing new, nothing rewritten")

        stop.request()
        await clock.advanceOnceAsleep(by: .seconds(1))
        try await following.value
        cycleEnded.finish()
        let late = await reports.next()
        #expect(late?.ingest == nil, "no cycle starts after the request")
    }

    @Test(.timeLimit(.minutes(1)))
    func aStopRequestedDuringAnIngestEndsTheFollowAfterThatBatchWithWhatItCommittedPublished() async throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...1000), to: log)
        let store = try FeedStore(path: directory.statePath, window: 10_000)
        let cycle = Self.cycle([log], store: store, in: directory, batchLines: 100, clock: ManualClock())
        let stop = StopRequest()
        var batches = 0
        var reports: [BuildCycle.Report] = []
        // The clock never moves: the follow must end without waiting for it.
        try await cycle.follow(until: stop, wake: .polling(every: .seconds(1))) { event in
            switch event {
            case .ingestProgress:
                batches += 1
                if batches == 3 { stop.request() }  // what SIGTERM does in `activity-feed build --follow`
            case .cycleEnded(let report):
                reports.append(report)
            case .publishedDuringIngest, .ingestEnded:
                break
            }
        }
        #expect(batches == 3)
        let stopped = try #require(reports.count == 1 ? reports.first : nil)
        #expect(stopped.ingest.interrupted)
        #expect(stopped.ingest.newEntries == 300)
        #expect(stopped.published != nil)

        // The state holds the three batches, published; the output shows them, whole.
        #expect(try store.lastOrdinal() == 300)
        #expect(try store.needsPublishing() == false)
        #expect(try Self.feedEntries(in: directory).first == "app-1/300")
        #expect(try Self.temporaryFiles(in: directory).isEmpty)

        // The next cycle goes on from the checkpoint: every record exactly once.
        let rest = try cycle.runOnce()
        #expect(rest.ingest.newEntries == 700)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...1000))
        #expect(try Self.feedEntries(in: directory).first == "app-1/1000")
    }
}
