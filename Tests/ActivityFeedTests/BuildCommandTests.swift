import ActivityFeed
import Foundation
import SignalLog
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct BuildCommandTests {
    @Test func buildIngestsTheLogsAndStatsReportsTheStableJSONShape() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...20) + Array("garbage\n".utf8), to: log)
        let build = try BuildCommandRunner.run(["build", "--log", log], in: directory.url)
        #expect(build.status == 0)
        #expect(build.standardError.contains("1 line(s) rejected"))
        #expect(build.standardError.contains("\(log) at byte"))
        let stats = try BuildCommandRunner.stats(state: ".activity-feed/state.sqlite", in: directory.url)
        #expect(Set(stats.keys) == ["format", "state_path", "entries", "sources", "signals", "rejects", "checkpoints"])
        let sources = try #require(stats["sources"] as? [[String: Any]])
        #expect(sources.first?["source"] as? String == "app-1")
        #expect(sources.first?["ingested"] as? Int == 20)
        #expect(sources.first?["high_water_seq"] as? Int == 20)
        #expect((sources.first?["missing_ranges"] as? [Any])?.isEmpty == true)
        let rejects = try #require(stats["rejects"] as? [String: Any])
        #expect(rejects["count"] as? Int == 1)
        let checkpoint = try #require((stats["checkpoints"] as? [[String: Any]])?.first)
        #expect(checkpoint["path"] as? String == log)
        #expect(checkpoint["offset"] as? Int == FeedFixtures.lines(1...20).count + 8)
        #expect(FileManager.default.fileExists(atPath: directory.path(".activity-feed/state.sqlite")))
    }

    @Test func gapsAreWarnedOnStderrAndQuietSilencesWarningsAndRejects() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines([1, 2, 6]) + Array("\u{1B}[31mred\n".utf8), to: log)
        let loud = try BuildCommandRunner.run(["build", "--log", log, "--state", "a.sqlite"], in: directory.url)
        #expect(loud.status == 0)
        #expect(loud.standardError.contains("seq 3…5"))
        #expect(loud.standardError.contains("\\u{1b}[31mred"))
        #expect(!loud.standardError.contains("\u{1B}"))
        #expect(loud.standardOutput.isEmpty)
        let quiet = try BuildCommandRunner.run(
            ["build", "--quiet", "--log", log, "--state", "b.sqlite"], in: directory.url)
        #expect(quiet.status == 0)
        #expect(quiet.standardError.isEmpty)
        let text = try BuildCommandRunner.run(["stats", "--state", "b.sqlite"], in: directory.url)
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("app-1: 3 ingested, high-water seq 6"))
        #expect(text.standardOutput.contains("missing 3…5"))
        #expect(text.standardOutput.contains("rejects: 1"))
    }

    @Test func aSourceWhoseFirstSeenSeqIsAboveOneIsANoticeInStatsAndOnThePageNotAGap() throws {
        let directory = try FeedTestDirectory()
        try FeedFixtures.append(FeedFixtures.lines(41...45, source: "app-2"), to: directory.path("late.log"))
        try FeedFixtures.append(FeedFixtures.lines(1...3), to: directory.path("whole.log"))
        let build = try BuildCommandRunner.run(
            ["build", "--log", "late.log", "--log", "whole.log", "--out", "site"], in: directory.url)
        #expect(build.status == 0)
        #expect(!build.standardError.contains("1…40"), "a late start is not a gap")
        let text = try BuildCommandRunner.run(["stats"], in: directory.url)
        #expect(
            text.standardOutput.contains(
                "app-2: 5 ingested, high-water seq 45, 0 duplicate(s), history starts at seq 41"))
        #expect(text.standardOutput.contains("app-1: 3 ingested, high-water seq 3, 0 duplicate(s)\n"))
        let stats = try BuildCommandRunner.stats(state: ".activity-feed/state.sqlite", in: directory.url)
        let sources = try #require(stats["sources"] as? [[String: Any]])
        #expect(sources.map { $0["first_seq"] as? Int } == [1, 41])
        #expect(sources.map { $0["history_starts_at_seq"] as? Int } == [nil, 41])
        #expect(sources.map { ($0["missing_ranges"] as? [Any])?.count } == [0, 0])
        let page = try XPathDocument(
            html: try Data(contentsOf: URL(fileURLWithPath: directory.path("site/index.html"))))
        #expect(try page.strings("//*[contains(@class, 'late-start')]//li") == ["app-2: history starts at seq 41"])
    }

    @Test func aTimeZoneThatIsNotAnIANANameIsAUsageErrorNamingTheFlag() throws {
        let directory = try FeedTestDirectory()
        try FeedFixtures.append(FeedFixtures.lines(1...3), to: directory.path("activity.log"))
        let refused = try BuildCommandRunner.run(
            ["build", "--log", "activity.log", "--state", "zone/state.sqlite", "--time-zone", "Mars/Olympus"],
            in: directory.url)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("--time-zone: ‘Mars/Olympus’ is not an IANA time zone name"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("zone")), "refused before any ingest")
        let accepted = try BuildCommandRunner.run(
            [
                "build", "--log", "activity.log", "--state", "zone/state.sqlite", "--out", "site", "--time-zone",
                "Europe/Paris",
            ],
            in: directory.url)
        #expect(accepted.status == 0)
        let page = try String(contentsOfFile: directory.path("site/index.html"), encoding: .utf8)
        #expect(page.contains("<meta name=\"activity-feed-time-zone\" content=\"Europe/Paris\">"))
    }

    @Test func usageErrorsExitTwoAndFatalErrorsExitOneWithOneLine() throws {
        let directory = try FeedTestDirectory()
        let window = try BuildCommandRunner.run(["build", "--window", "-1"], in: directory.url)
        #expect(window.status == 2)
        let inside = try BuildCommandRunner.run(
            ["build", "--out", "site", "--state", "site/state.sqlite"], in: directory.url)
        #expect(inside.status == 2)
        #expect(inside.standardError.contains("inside --out"))
        let unknown = try BuildCommandRunner.run(["build", "--bogus"], in: directory.url)
        #expect(unknown.status == 2)
        try FeedFixtures.append(FeedFixtures.lines(1...3), to: directory.path("activity.log"))
        for (option, value) in [
            ("--tag-authority", "example.com"), ("--base-url", "ftp://example.com/"), ("--archive-retention", "0"),
        ] {
            let refused = try BuildCommandRunner.run(
                ["build", "--log", "activity.log", "--state", "refused/state.sqlite", option, value], in: directory.url)
            #expect(refused.status == 2)
            #expect(refused.standardError.contains(option))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("refused")), "refused before any ingest")
        let missing = try BuildCommandRunner.run(["build", "--log", "nowhere.log"], in: directory.url)
        #expect(missing.status == 1)
        #expect(missing.standardError.split(separator: "\n").count == 1)
        #expect(missing.standardError.contains("nowhere.log"))
        let noState = try BuildCommandRunner.run(["stats", "--state", "none.sqlite"], in: directory.url)
        #expect(noState.status == 1)
    }

    /// 120 records of weeks ago, then 60 of the last hour: with a 7-day retention the old ones are
    /// left out and counted, and the archive chain starts at the first new one.
    @Test func anArchiveRetentionLeavesOutOlderRecordsAndSaysHowMany() throws {
        let directory = try FeedTestDirectory()
        let now = RecordTimestamp(Date()).millisecondsSinceEpoch
        let recent = (121...180).flatMap { seq in
            var record = FeedFixtures.record(seq: Int64(seq))
            record.timestamp = RecordTimestamp(millisecondsSinceEpoch: now - (181 - Int64(seq)) * 60_000)
            return record.encodedLine()
        }
        try FeedFixtures.append(FeedFixtures.lines(1...120) + recent, to: directory.path("activity.log"))
        let build = try BuildCommandRunner.run(
            ["build", "--verbose", "--archive-retention", "7", "--entries", "10", "--log", "activity.log"],
            in: directory.url)
        #expect(build.status == 0)
        #expect(build.standardError.contains("ingested 60 new entries"))
        #expect(build.standardError.contains("120 outside the retention"))
        #expect(build.standardOutput.contains("left out 120 older than --archive-retention"))
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path("output/archive")).sorted()
        #expect(pages == (1...5).map { "\($0).atom" })
        let first = try String(contentsOfFile: directory.path("output/archive/1.atom"), encoding: .utf8)
        #expect(first.contains("/121</id>"))
        #expect(!first.contains("prev-archive"))
    }

    /// One log: each batch writes the archive pages it completes before it commits, so the state
    /// stays small with no publish in the middle of the run, however low `--publish-backlog` is.
    @Test func aLongFirstRunWritesArchivePagesAsItGoesSoTheStateStaysSmall() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let state = directory.statePath
        try FeedFixtures.append(FeedFixtures.lines(1...3000), to: log)
        let run = try BuildCommandRunner.run(
            [
                "build", "--log", log, "--state", state, "--verbose", "--batch-lines", "250",
                "--entries", "10", "--window", "20", "--publish-backlog", "600",
            ],
            in: directory.url
        )
        #expect(run.status == 0)
        // 12 batches of 250, each archiving what it completes: the backlog never reaches 600, and
        // the end of the run publishes feed.atom, the page and the newest archive page.
        let midRunPublishes = run.standardError.split(separator: "\n").filter { $0.contains("during the run") }
        #expect(midRunPublishes.isEmpty)
        // Pages 1–298 are written before the commits; page 299 stays in feed.atom until the end publishes it.
        #expect(run.standardError.contains("wrote 298 archive page(s) while reading"))
        #expect(run.standardError.contains("changed file(s)"))
        #expect(run.standardOutput.contains("299 archive page(s)"))
        #expect(try FeedStore(path: state).needsPublishing() == false)
        // The run's time splits into ingest and publish, the pages archived before commits counted as publish.
        let timing = try #require(
            run.standardError.split(separator: "\n").last { $0.hasPrefix("activity-feed: took ") }
        )
        let figures = timing.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
        #expect(figures.count == 3)
        if figures.count == 3 {
            #expect(abs(figures[0] - figures[1] - figures[2]) <= 0.0015)
            #expect(figures[2] > 0)
        }

        let statistics = try FeedStore(path: state).statistics()
        #expect(statistics.lastOrdinal == 3000)
        #expect(statistics.archivedThrough == 2980)
        #expect(statistics.storedEntries == 20)
        let archive = directory.url.appendingPathComponent("output/archive")
        let pages = try FileManager.default.contentsOfDirectory(atPath: archive.path).filter { $0.hasSuffix(".atom") }
        #expect(pages.count == 299)
    }

    @Test func aSecondConcurrentBuildExitsSeventyFiveAndFollowPicksUpAppends() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let state = directory.statePath
        try FeedFixtures.append(FeedFixtures.lines(1...50), to: log)
        let (follower, _, _) = try BuildCommandRunner.start(
            ["build", "--log", log, "--state", state, "--follow"], in: directory.url)
        defer {
            if follower.isRunning { kill(follower.processIdentifier, SIGKILL) }
        }
        #expect(try BuildCommandRunner.eventually(lastOrdinal: 50, state: state, in: directory.url))

        let second = try BuildCommandRunner.run(["build", "--log", log, "--state", state], in: directory.url)
        #expect(second.status == 75)
        #expect(second.standardError.contains("another activity-feed run"))
        #expect(try FeedFixtures.storedKeys(state: state) == FeedFixtures.keys(1...50))

        try FeedFixtures.append(FeedFixtures.lines(51...60), to: log)
        #expect(try BuildCommandRunner.eventually(lastOrdinal: 60, state: state, in: directory.url))

        #expect(BuildCommandRunner.stop(follower, with: SIGTERM))
        #expect(try FeedFixtures.storedKeys(state: state) == FeedFixtures.keys(1...60))
    }

    @Test func followIngestsAcrossARenameRotationAndStopsOnSIGINT() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let state = directory.statePath
        try FeedFixtures.append(FeedFixtures.lines(1...5), to: log)
        let (follower, _, _) = try BuildCommandRunner.start(
            ["build", "--log", log, "--state", state, "--follow"], in: directory.url)
        defer {
            if follower.isRunning { kill(follower.processIdentifier, SIGKILL) }
        }
        #expect(try BuildCommandRunner.eventually(lastOrdinal: 5, state: state, in: directory.url))
        try FeedFixtures.append(FeedFixtures.lines(6...8), to: log)
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        try FeedFixtures.append(FeedFixtures.lines(9...12), to: log)
        #expect(try BuildCommandRunner.eventually(lastOrdinal: 12, state: state, in: directory.url))
        #expect(BuildCommandRunner.stop(follower, with: SIGINT))
        #expect(try FeedFixtures.storedKeys(state: state) == FeedFixtures.keys(1...12))
    }

    @Test func buildKilledAtRandomMomentsThenRerunIngestsEveryRecordExactlyOnce() throws {
        let directory = try FeedTestDirectory()
        let logs = [directory.path("app-1.log"), directory.path("app-2.log")]
        let perSource: Int64 = 100_000
        for (index, log) in logs.enumerated() {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(perSource) * 400)
            for seq in 1...perSource {
                bytes += FeedFixtures.record(seq: seq, source: "app-\(index + 1)").encodedLine()
            }
            try FeedFixtures.write(bytes, to: log)
        }
        let state = directory.statePath
        let total = Int64(logs.count) * perSource
        // A window as large as the logs keeps every entry in the state for the check below,
        // and large archive pages keep the final publish short.
        let arguments =
            ["build", "--state", state, "--batch-lines", "2000", "--window", "\(total)", "--entries", "1000"]
            + logs.flatMap { ["--log", $0] }
        let killedMidIngest = try Self.killRepeatedly(
            arguments, state: state, total: total, in: directory, times: 20, upToMicroseconds: 20_000)
        #expect(killedMidIngest >= 15)
        let final = try BuildCommandRunner.run(arguments, in: directory.url)
        #expect(final.status == 0)
        let keys = try FeedFixtures.storedKeys(state: state)
        let expected =
            FeedFixtures.keys(1...perSource, source: "app-1") + FeedFixtures.keys(1...perSource, source: "app-2")
        #expect(keys.count == expected.count)
        #expect(Set(keys) == Set(expected))
        let store = try FeedStore(path: state)
        #expect(try store.lastOrdinal() == Int64(expected.count))
        #expect(try store.statistics().sources.allSatisfy { $0.missing.isEmpty && $0.duplicates == 0 })
    }

    /// One log, so each batch writes its archive pages before it commits: killed at random moments
    /// (reading, writing pages, committing), rerun, the published chain still holds every record once.
    @Test func buildOfOneLogKilledAtRandomMomentsPublishesEveryRecordOnceInTheArchiveChain() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let total: Int64 = 60_000
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(total) * 400)
        for seq in 1...total { bytes += FeedFixtures.record(seq: seq).encodedLine() }
        try FeedFixtures.write(bytes, to: log)
        let state = directory.statePath
        let arguments = [
            "build", "--state", state, "--log", log, "--batch-lines", "1000", "--entries", "50",
            "--base-url", "https://example.com/admin/",
        ]
        let killedMidIngest = try Self.killRepeatedly(
            arguments, state: state, total: total, in: directory, times: 12, upToMicroseconds: 30_000)
        #expect(killedMidIngest >= 8)
        let final = try BuildCommandRunner.run(arguments, in: directory.url)
        #expect(final.status == 0)
        let (ids, pages) = try PublishingFixtures.walkArchiveChain(directory.url.appendingPathComponent("output"))
        #expect(pages.count == Int(total) / 50 - 1)
        #expect(ids.count == Int(total))
        #expect(Set(ids) == Set((1...total).map { "tag:localhost,2026:app-1/\($0)" }))
        let statistics = try FeedStore(path: state).statistics()
        #expect(statistics.lastOrdinal == total)
        #expect(statistics.storedEntries <= 600)
    }

    /// Starts `build` with `arguments` `times` times and kills each run with SIGKILL once it has
    /// committed a batch of its own, after a random wait of up to `upToMicroseconds` more: the kill then
    /// lands inside the ingest however slowly the machine starts the process, and at a random point of a
    /// batch (reading, writing pages, committing or publishing). Returns how many kills landed before
    /// the state held all `total` entries.
    private static func killRepeatedly(
        _ arguments: [String], state: String, total: Int64, in directory: FeedTestDirectory, times: Int,
        upToMicroseconds: UInt32
    ) throws -> Int {
        var generator = SystemRandomNumberGenerator()
        var killedMidIngest = 0
        var previous: Int64 = 0
        for _ in 0..<times {
            let (process, _, _) = try BuildCommandRunner.start(arguments, in: directory.url)
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, committedOrdinal(state: state) <= previous, Date() < deadline {
                usleep(5_000)
            }
            usleep(UInt32.random(in: 0...upToMicroseconds, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let committed = try FeedStore(path: state).lastOrdinal()
            if process.terminationReason == .uncaughtSignal && committed > previous && committed < total {
                killedMidIngest += 1
            }
            previous = committed
        }
        return killedMidIngest
    }

    /// The last ordinal a build has committed to `state`, or 0 while there is no state yet.
    private static func committedOrdinal(state: String) -> Int64 {
        (try? FeedStore(path: state, createIfMissing: false).lastOrdinal()) ?? 0
    }
}
