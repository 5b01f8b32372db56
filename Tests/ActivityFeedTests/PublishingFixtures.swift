import ActivityFeed
import Foundation
import Logging
import SignalLog
import Testing

/// Records, options and folders shared by the publisher tests.
enum PublishingFixtures {
    /// 2026-11-24T12:00:00.000Z.
    static let now = Date(timeIntervalSince1970: 1_795_521_600)

    static let options = PublishOptions(
        entriesPerDocument: 50,
        baseURL: URL(string: "https://example.com/admin/"),
        tagAuthority: "example.com,2026"
    )

    static func publisher(_ options: PublishOptions = options) -> FeedPublisher {
        FeedPublisher(options: options, logger: Logger(label: "test.publishing"))
    }

    /// A record of `item.updated` (or another signal) `minutesBeforeNow` minutes before ``now``.
    static func record(
        seq: Int64,
        source: String = "app-1",
        signal: String = "item.updated",
        actor: String = "alice",
        actorID: Int64 = 7,
        subject: String = "See the cherry blossoms",
        subjectID: Int64? = nil,
        parent: String? = "Visit Japan",
        parentID: Int64 = 12,
        changes: [SignalRecord.FieldChange] = [],
        minutesBeforeNow: Int64 = 60
    ) -> SignalRecord {
        let subjectType = String(signal.split(separator: ".").first ?? "item")
        return SignalRecord(
            seq: seq,
            timestamp: RecordTimestamp(
                millisecondsSinceEpoch: Int64(now.timeIntervalSince1970 * 1000) - minutesBeforeNow * 60_000
            ),
            source: source,
            signal: signal,
            actor: .init(id: actorID, name: actor),
            subject: .init(type: subjectType, id: subjectID ?? seq, title: subject),
            parent: parent.map { .init(type: "bucketlist", id: parentID, title: $0) },
            changes: changes
        )
    }

    /// `count` varied, valid records, one minute apart, from two sources (odd seqs from `app-1`,
    /// even ones from `app-2`; each source's records are numbered by `seq`, so a source skips numbers).
    static func records(_ count: Int, startingAt first: Int64 = 1) -> [SignalRecord] {
        (0..<Int64(count)).map { index in
            let seq = first + index
            let signal = ["item.created", "item.updated", "bucketlist.updated"][Int(seq % 3)]
            let rename = SignalRecord.FieldChange(
                field: "name", old: .string("Draft \(seq)"), new: .string("Item \(seq)"))
            return record(
                seq: seq,
                source: seq % 2 == 0 ? "app-2" : "app-1",
                signal: signal,
                actor: ["alice", "bob", "carol"][Int(seq % 3)],
                subject: "Item \(seq)",
                parent: signal.hasPrefix("item.") ? "Visit Japan" : nil,
                changes: signal.hasSuffix(".updated") ? [rename] : [],
                minutesBeforeNow: 100_000 - seq
            )
        }
    }

    /// Walks `prev-archive` from `feed.atom`, returning every entry id met and the pages visited.
    static func walkArchiveChain(_ folder: URL) throws -> (ids: [String], pages: [String]) {
        var ids: [String] = []
        var pages: [String] = []
        var url = folder.appendingPathComponent("feed.atom")
        let base = "https://example.com/admin/"
        while true {
            let document = try XPathDocument(file: url)
            ids += try document.strings("/a:feed/a:entry/a:id")
            let previous = try document.strings("/a:feed/a:link[@rel='prev-archive']/@href")
            guard let href = previous.first else { break }
            #expect(href.hasPrefix(base))
            let path = String(href.dropFirst(base.count))
            #expect(!pages.contains(path), "the chain loops at \(path)")
            guard !pages.contains(path) else { break }
            pages.append(path)
            url = folder.appendingPathComponent(path)
            #expect(try XPathDocument(file: url).strings("/a:feed/fh:archive").count == 1)
        }
        return (ids, pages)
    }

    /// A fresh temporary folder; remove it with ``removeFolder(_:)``.
    static func makeFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("publish-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func removeFolder(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}
