import ActivityFeed
import Foundation
import Logging
import SignalLog

/// A temporary directory for one test, removed when the test ends.
final class FeedTestDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("activity-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    var statePath: String { path("state/state.sqlite") }
}

/// Builds records and log lines for the tests.
enum FeedFixtures {
    static let baseMilliseconds: Int64 = 1_795_000_000_000

    static func record(seq: Int64, source: String = "app-1", actor: String = "alice") -> SignalRecord {
        SignalRecord(
            seq: seq,
            timestamp: RecordTimestamp(millisecondsSinceEpoch: baseMilliseconds + seq * 60_000),
            source: source,
            signal: seq.isMultiple(of: 3) ? "item.updated" : "item.created",
            actor: SignalRecord.Actor(id: actor == "alice" ? 7 : 8, name: actor),
            subject: SignalRecord.Subject(type: "item", id: seq, title: "Item <\(seq)> & \"more\""),
            parent: SignalRecord.Subject(type: "bucketlist", id: 1, title: "List"),
            changes: seq.isMultiple(of: 3)
                ? [SignalRecord.FieldChange(field: "done", old: .bool(false), new: .bool(true))] : []
        )
    }

    static func lines(_ seqs: some Sequence<Int64>, source: String = "app-1") -> [UInt8] {
        var bytes: [UInt8] = []
        for seq in seqs {
            bytes.append(contentsOf: record(seq: seq, source: source).encodedLine())
        }
        return bytes
    }

    static func append(_ bytes: [UInt8], to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static let logger = Logger(label: "activity-feed-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Opens the store, ingests `paths` once, returns the summary.
    @discardableResult
    static func ingest(_ paths: [String], state: String, options: LogTailer.Options = LogTailer.Options()) throws
        -> IngestSummary
    {
        let store = try FeedStore(path: state)
        return try LogTailer(store: store, options: options, logger: logger).ingest(paths: paths)
    }

    /// Every stored (source, seq), in ordinal order.
    static func storedKeys(state: String) throws -> [String] {
        let store = try FeedStore(path: state, window: .max)
        let last = try store.lastOrdinal()
        guard last > 0 else { return [] }
        return try store.entries(ordinals: 1...last).map { "\($0.record.source)#\($0.record.seq)" }
    }

    static func keys(_ seqs: some Sequence<Int64>, source: String = "app-1") -> [String] {
        seqs.map { "\(source)#\($0)" }
    }
}
