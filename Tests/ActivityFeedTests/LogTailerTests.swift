import ActivityFeed
import Foundation
import SignalLog
import Testing

@Suite struct LogTailerTests {
    @Test func appendsInBatchesWithABuildAfterEachAreIngestedOnceInOrder() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        for batch in 0..<4 {
            let first = Int64(batch * 25 + 1)
            try FeedFixtures.append(FeedFixtures.lines(first...(first + 24)), to: log)
            let summary = try FeedFixtures.ingest([log], state: directory.statePath)
            #expect(summary.newEntries == 25)
            #expect(summary.duplicates == 0)
        }
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...100))
    }

    /// 95 lines take ten batches of ten; 20 lines end exactly at a batch boundary, so no third, empty batch commits.
    @Test(arguments: [(95, 10), (20, 2)])
    func smallBatchesCommitSeparatelyWithNoEmptyOneAndLoseNothing(lineCount: Int64, commits: Int) throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...lineCount), to: log)
        let summary = try FeedFixtures.ingest(
            [log], state: directory.statePath, options: LogTailer.Options(batchLines: 10))
        #expect(summary.commits == commits)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...lineCount))
    }

    /// A first run reads each byte of the log once, plus the fingerprints of its checkpoint (two
    /// hashes of at most ``Checkpoint/fingerprintLength`` bytes each).
    @Test func aFirstRunReadsEachByteOfTheLogOnce() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let bytes = FeedFixtures.lines(1...2000)
        try FeedFixtures.append(bytes, to: log)
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.newEntries == 2000)
        #expect(summary.commits == 1)
        #expect(summary.logBytesRead >= UInt64(bytes.count))
        #expect(summary.logBytesRead <= UInt64(bytes.count) + 2 * Checkpoint.fingerprintLength)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...2000))
    }

    @Test func aRunWithNothingNewReadsNoLogBytesAndCommitsNothing() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...50), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        let store = try FeedStore(path: directory.statePath)
        try store.markPublished()
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.logBytesRead == 0)
        #expect(summary.commits == 0)
        #expect(try store.needsPublishing() == false)
    }

    @Test func renameRotationFinishesLinesAppendedToTheOldFileThenReadsTheNewOne() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        try FeedFixtures.append(FeedFixtures.lines(11...15), to: log)
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        try FeedFixtures.append(FeedFixtures.lines(16...20), to: log)
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.newEntries == 10)
        #expect(summary.gaps.isEmpty)
        #expect(summary.warnings.isEmpty)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...20))
        let roles = try FeedStore(path: directory.statePath).checkpoints().map(\.role)
        #expect(roles == [.current, .retired])
    }

    @Test func theFirstRunReadsTheLatestRotatedFileBeforeTheCurrentOneAndLaterRunsDoNotRereadIt() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log + ".1")
        try FeedFixtures.append(FeedFixtures.lines(11...15), to: log)
        let first = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(first.newEntries == 15)
        #expect(first.gaps.isEmpty)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...15))

        try FeedFixtures.append(FeedFixtures.lines(16...18), to: log)
        let second = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(second.newEntries == 3)
        #expect(second.duplicates == 0)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...18))
    }

    @Test func lateLinesInTheRotatedFileAfterTheNewOneWasReadFillTheirGap() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        try FileManager.default.moveItem(atPath: log, toPath: log + "-20261124")
        try FeedFixtures.append(FeedFixtures.lines(14...20), to: log)
        let first = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(first.gaps.map(\.missing) == [11...13])
        try FeedFixtures.append(FeedFixtures.lines(11...13), to: log + "-20261124")
        let second = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(second.newEntries == 3)
        let keys = try FeedFixtures.storedKeys(state: directory.statePath)
        #expect(Set(keys) == Set(FeedFixtures.keys(1...20)))
        #expect(keys.count == 20)
        #expect(try FeedStore(path: directory.statePath).statistics().sources.first?.missing == [])
    }

    /// The progress line measures a file from where the run started on it, across all its batches.
    @Test func progressOverSeveralBatchesCountsFromWhereTheRunStartedOnTheFile() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        let resumedAt = UInt64(try FileManager.default.attributesOfItem(atPath: log)[.size] as! Int)
        try FeedFixtures.append(FeedFixtures.lines(11...50), to: log)
        let store = try FeedStore(path: directory.statePath)
        let tailer = LogTailer(store: store, options: LogTailer.Options(batchLines: 10), logger: FeedFixtures.logger)
        var reports: [IngestProgress] = []
        _ = try tailer.ingest(paths: [log], progress: { reports.append($0) })
        #expect(reports.count >= 4, "one report per batch of 10 lines, 40 lines")
        #expect(reports.allSatisfy { $0.startOffset == resumedAt })
        #expect(reports.map(\.offset) == reports.map(\.offset).sorted())
        #expect(reports.last?.offset == reports.last?.size)
    }

    @Test func aRunStoppedWhileFinishingARotatedFileIsResumedByTheNextRun() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        try FeedFixtures.append(FeedFixtures.lines(11...40), to: log)
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        try FeedFixtures.append(FeedFixtures.lines(41...50), to: log)
        let store = try FeedStore(path: directory.statePath)
        let tailer = LogTailer(store: store, options: LogTailer.Options(batchLines: 10), logger: FeedFixtures.logger)
        let stopped = try tailer.ingest(paths: [log], shouldStop: { true })
        #expect(stopped.interrupted)
        #expect(stopped.newEntries == 10)
        let resumed = try tailer.ingest(paths: [log])
        #expect(resumed.newEntries == 30)
        #expect(resumed.warnings.isEmpty)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...50))
    }

    @Test func aRunStoppedWhileFinishingACopytruncateCopyIsResumedByTheNextRun() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        try FeedFixtures.append(FeedFixtures.lines(11...40), to: log)
        try FileManager.default.copyItem(atPath: log, toPath: log + ".1")
        try FeedFixtures.write(FeedFixtures.lines(41...80), to: log)
        let store = try FeedStore(path: directory.statePath)
        let tailer = LogTailer(store: store, options: LogTailer.Options(batchLines: 10), logger: FeedFixtures.logger)
        let stopped = try tailer.ingest(paths: [log], shouldStop: { true })
        #expect(stopped.newEntries == 10)
        let resumed = try tailer.ingest(paths: [log])
        #expect(resumed.newEntries == 60)
        #expect(resumed.duplicates == 0)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...80))
    }

    @Test func copytruncateWhileStoppedWithLongerNewContentLosesNothing() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        try FeedFixtures.append(FeedFixtures.lines(11...12), to: log)
        try FileManager.default.copyItem(atPath: log, toPath: log + ".1")
        try FeedFixtures.write(FeedFixtures.lines(13...40), to: log)
        let oldOffset = try #require(try FeedStore(path: directory.statePath).checkpoints().first?.offset)
        #expect(try FileManager.default.attributesOfItem(atPath: log)[.size] as? UInt64 ?? 0 > oldOffset)
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.warnings.count == 1)
        #expect(summary.newEntries == 30)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...40))
    }

    @Test func truncationToZeroReadsTheFileAgainFromTheStart() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        try FeedFixtures.write([], to: log)
        let truncated = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(truncated.warnings.count == 1)
        #expect(try FeedStore(path: directory.statePath).checkpoints().first?.offset == 0)
        try FeedFixtures.append(FeedFixtures.lines(11...15), to: log)
        let after = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(after.newEntries == 5)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...15))
    }

    @Test func aPartialLastLineIsIngestedOnceWhenCompleted() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let line = FeedFixtures.lines([6])
        try FeedFixtures.append(FeedFixtures.lines(1...5) + line.prefix(40), to: log)
        let first = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(first.newEntries == 5)
        #expect(first.rejectCount == 0)
        try FeedFixtures.append(Array(line.dropFirst(40)), to: log)
        let second = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(second.newEntries == 1)
        let third = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(third.newEntries == 0)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...6))
    }

    @Test func aDeletedAndRecreatedLogIsReadFromTheStart() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10), to: log)
        try FeedFixtures.ingest([log], state: directory.statePath)
        try FileManager.default.removeItem(atPath: log)
        try FeedFixtures.append(FeedFixtures.lines(11...30), to: log)
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.newEntries == 20)
        #expect(summary.warnings.count == 1)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...30))
    }

    @Test func twoLogsFromTwoSourcesAreDedupedPerSource() throws {
        let directory = try FeedTestDirectory()
        let first = directory.path("app-1.log")
        let second = directory.path("app-2.log")
        try FeedFixtures.append(FeedFixtures.lines(1...10, source: "app-1"), to: first)
        try FeedFixtures.append(FeedFixtures.lines(1...10, source: "app-2"), to: second)
        let summary = try FeedFixtures.ingest([first, second], state: directory.statePath)
        #expect(summary.newEntries == 20)
        let statistics = try FeedStore(path: directory.statePath).statistics()
        #expect(statistics.sources.map(\.source) == ["app-1", "app-2"])
        #expect(statistics.sources.map(\.highWater) == [10, 10])
        #expect(statistics.checkpoints.count == 2)
    }

    @Test func duplicatesAreIgnored() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(Array(1...10) + [5, 6, 10, 11]), to: log)
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.newEntries == 11)
        #expect(summary.duplicates == 3)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...11))
    }

    @Test func overlongAndMalformedLinesAreRejectedWithOffsetsAndTheRestIsIngested() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        let good = FeedFixtures.lines(1...3)
        let garbage = Array("{not json\n".utf8)
        let long = Array(repeating: UInt8(ascii: "x"), count: 3000) + [UInt8(ascii: "\n")]
        try FeedFixtures.append(good + garbage + long + FeedFixtures.lines(4...5), to: log)
        let summary = try FeedFixtures.ingest(
            [log], state: directory.statePath, options: LogTailer.Options(maxLineLength: 2048))
        #expect(summary.newEntries == 5)
        #expect(summary.rejectCount == 2)
        #expect(summary.firstRejects.map(\.offset) == [UInt64(good.count), UInt64(good.count + garbage.count)])
        #expect(summary.firstRejects.map(\.kind) == ["invalidJSON", "lineTooLong"])
        #expect(summary.firstRejects.allSatisfy { $0.path == log })
        let statistics = try FeedStore(path: directory.statePath).statistics()
        #expect(statistics.rejectCount == 2)
        #expect(statistics.latestRejects.first?.offset == UInt64(good.count + garbage.count))
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(1...5))
    }

    @Test func aGapInSeqIsRecordedAndIngestGoesOn() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(Array(1...3) + Array(8...9)), to: log)
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.gaps.map(\.missing) == [4...7])
        #expect(summary.newEntries == 5)
        #expect(try FeedStore(path: directory.statePath).statistics().sources.first?.missing == [4...7])
    }

    @Test func storedEntriesDecodeToTheRecordsReadEvenWithAByteOrderMarkAndCRLF() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        for seq in Int64(1)...3 {
            var line = FeedFixtures.record(seq: seq).encodedLine()
            line.insert(UInt8(ascii: "\r"), at: line.count - 1)
            bytes += line
        }
        try FeedFixtures.write(bytes, to: log)
        let summary = try FeedFixtures.ingest([log], state: directory.statePath)
        #expect(summary.rejectCount == 0)
        let entries = try FeedStore(path: directory.statePath).entries(ordinals: 1...3)
        #expect(entries.map(\.record) == (1...3).map { FeedFixtures.record(seq: $0) })
    }

    @Test func aLogThatNeverExistedIsAnErrorNamingIt() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("missing.log")
        #expect {
            try FeedFixtures.ingest([log], state: directory.statePath)
        } throws: { error in
            (error as? TailingError)?.isMissingFile == true && (error as? TailingError)?.path == log
        }
    }
}

/// A retention cutoff: records stamped before it are left out, whether the reader skips them unread
/// or decodes them (keys in another order), and they count neither as entries nor as gaps.
@Suite struct LogTailerRetentionTests {
    @Test func recordsBeforeTheCutoffAreLeftOutAndCounted() throws {
        let directory = try FeedTestDirectory()
        let log = directory.path("activity.log")
        try FeedFixtures.append(FeedFixtures.lines(1...100), to: log)
        let cutoff = FeedFixtures.record(seq: 51).timestamp
        let store = try FeedStore(path: directory.statePath)
        let tailer = LogTailer(store: store, logger: FeedFixtures.logger)
        let summary = try tailer.ingest(paths: [log], leavingOutBefore: cutoff)
        #expect(summary.outsideRetention == 50)
        #expect(summary.newEntries == 50)
        #expect(summary.gaps.isEmpty)
        #expect(summary.rejectCount == 0)
        #expect(try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(51...100))

        // An old record written with its keys in another order is decoded, then left out all the same.
        let old = FeedFixtures.record(seq: 3).timestamp
        let reordered =
            #"{"ts":"\#(old)","v":1,"seq":101,"source":"app-1","signal":"bucketlist.created","#
            + #""actor":{"id":7,"name":"alice"},"subject":{"type":"bucketlist","id":101,"title":"Old"}}"# + "\n"
        try FeedFixtures.append(Array(reordered.utf8) + FeedFixtures.lines(102...103), to: log)
        let next = try tailer.ingest(paths: [log], leavingOutBefore: cutoff)
        #expect(next.rejectCount == 0, "\(next.firstRejects)")
        #expect(next.outsideRetention == 1)
        #expect(next.newEntries == 2)
        #expect(
            try FeedFixtures.storedKeys(state: directory.statePath) == FeedFixtures.keys(51...100)
                + FeedFixtures.keys(102...103))
    }
}
