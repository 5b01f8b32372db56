import ActivityFeed
import Foundation
import SignalLog
import Testing

@Suite struct MergedLogsTests {
    /// `count` records of `source`, the `index`-th of `logs` interleaved logs: its record `seq` is
    /// stamped `(seq × logs + index)` seconds after `start`, so the logs' timestamps alternate.
    private func records(source: String, index: Int64, of logs: Int64, count: Int64, start: Int64) -> [SignalRecord] {
        (1...count).map { seq in
            var record = FeedFixtures.record(seq: seq, source: source)
            record.timestamp = RecordTimestamp(millisecondsSinceEpoch: start + (seq * logs + index) * 1000)
            return record
        }
    }

    private func write(_ records: [SignalRecord], to path: String) throws {
        try FeedFixtures.append(records.flatMap { $0.encodedLine() }, to: path)
    }

    private func ids(_ records: [SignalRecord]) -> [String] {
        records.map { "tag:example.com,2026:\($0.source)/\($0.seq)" }
    }

    private func inMergeOrder(_ records: [SignalRecord]) -> [SignalRecord] {
        records.sorted {
            ($0.timestamp.millisecondsSinceEpoch, $0.source, $0.seq)
                < ($1.timestamp.millisecondsSinceEpoch, $1.source, $1.seq)
        }
    }

    /// Three logs of three sources with interleaved timestamps, read in small batches: walking
    /// `prev-archive` from `feed.atom` gives every record once, in `(ts, source, seq)` order. A log
    /// added in a later run with older timestamps comes after them, and `feed.atom` holds it.
    @Test func threeInterleavedLogsArchiveInTimeOrderAndALateLogReachesTheFeed() throws {
        let directory = try FeedTestDirectory()
        let folder = directory.url.appendingPathComponent("out")
        let base = FeedFixtures.baseMilliseconds
        var firstRun: [SignalRecord] = []
        var paths: [String] = []
        for (index, source) in ["app-c", "app-a", "app-b"].enumerated() {
            let logRecords = records(source: source, index: Int64(index), of: 3, count: 110, start: base)
            let path = directory.path("\(source).log")
            try write(logRecords, to: path)
            firstRun += logRecords
            paths.append(path)
        }
        let options = LogTailer.Options(batchLines: 17)
        let store = try FeedStore(path: directory.statePath, window: .max)
        let summary = try LogTailer(store: store, options: options, logger: FeedFixtures.logger).ingest(paths: paths)
        #expect(summary.newEntries == 330)
        _ = try PublishingFixtures.publisher().publish(from: store, to: folder, now: PublishingFixtures.now)
        let (walked, pages) = try PublishingFixtures.walkArchiveChain(folder)
        #expect(pages.count == 5)
        #expect(Array(walked.reversed()) == ids(inMergeOrder(firstRun)))

        // A late log: older than everything published, from a fourth source.
        let late = records(source: "app-d", index: 0, of: 1, count: 20, start: base - 3_600_000)
        let latePath = directory.path("app-d.log")
        try write(late, to: latePath)
        let again = try LogTailer(store: store, options: options, logger: FeedFixtures.logger)
            .ingest(paths: paths + [latePath])
        #expect(again.newEntries == 20)
        _ = try PublishingFixtures.publisher().publish(from: store, to: folder, now: PublishingFixtures.now)
        let (walkedAgain, _) = try PublishingFixtures.walkArchiveChain(folder)
        #expect(Array(walkedAgain.reversed()) == ids(inMergeOrder(firstRun)) + ids(late))
        let subscription = try XPathDocument(file: folder.appendingPathComponent("feed.atom"))
        let feedIDs = Set(try subscription.strings("/a:feed/a:entry/a:id"))
        #expect(Set(ids(late)).isSubset(of: feedIDs))
    }
}
