import ActivityFeed
import BackendTestSupport
import Bucketlists
import Foundation
import FoundationXML
import Hummingbird
import HummingbirdTesting
import Logging
import SignalLog
import Testing

@testable import BucketlistServer

/// Every change the API acknowledges, with names at their limits, is logged on a line every reader accepts
/// and is published in the admins' feed.
@Suite("Acknowledged changes reach the feed")
struct ChangesReachTheFeedTests {
    /// Names at both limits, each the worst case for something: 200 control characters (each six bytes
    /// once escaped in the log), 200 four-byte emoji (800 bytes), one character of 200 code points, and
    /// bidirectional controls.
    static let namesAtTheLimits = [
        String(repeating: "\u{1}", count: 200),
        String(repeating: "😀", count: 200),
        "M" + String(repeating: "\u{0301}", count: 199),
        "\u{2069}\u{202E}" + String(repeating: "\u{202E}", count: 198),
    ]

    @Test(arguments: TestBackend.allCases)
    func everyChangeAcceptedWithNamesAtTheLimitsIsLoggedReadableAndPublished(backend: TestBackend) async throws {
        let server = try await TestServer(backend)
        // The longest username there can be: the record's actor at its limit too.
        let registered = try await server.store.register(
            username: String(repeating: "u", count: 64), password: "correct horse")
        let user = (user: registered, token: try await server.store.issueToken(for: registered).token)
        let names = Self.namesAtTheLimits
        try await server.run { api in
            func expect(_ status: HTTPResponse.Status, _ answer: TestResponse) {
                #expect(answer.status == status, "\(answer.text.prefix(200))")
            }
            let created = try await api.createList(names[0], token: user.token)
            expect(.created, created)
            let list: ListBody = try created.decoded()
            var items: [ItemBody] = []
            for name in names {
                let added = try await api.addItem(name, list: list.id, token: user.token)
                expect(.created, added)
                items.append(try added.decoded())
            }
            for (index, item) in items.enumerated() {
                let body = try APIClient.json(["name": names[(index + 1) % names.count]])
                expect(
                    .ok,
                    try await api.send(.put, "/bucketlists/\(list.id)/items/\(item.id)", token: user.token, json: body))
            }
            expect(
                .ok,
                try await api.send(
                    .put, "/bucketlists/\(list.id)/items/\(items[0].id)", token: user.token,
                    json: #"{"done":true}"#))
            for name in names.dropFirst() {
                let body = try APIClient.json(["name": name])
                expect(.ok, try await api.send(.put, "/bucketlists/\(list.id)", token: user.token, json: body))
            }
            expect(
                .noContent,
                try await api.send(.delete, "/bucketlists/\(list.id)/items/\(items[1].id)", token: user.token))
            expect(.noContent, try await api.send(.delete, "/bucketlists/\(list.id)", token: user.token))
        }
        let acknowledged = try await server.records()
        let expectedSignals: [String] =
            ["user.registered", "bucketlist.created"] + Array(repeating: "item.created", count: 4)
            + Array(repeating: "item.updated", count: 5) + Array(repeating: "bucketlist.updated", count: 3)
            + Array(repeating: "item.deleted", count: 4) + ["bucketlist.deleted"]
        #expect(acknowledged.map(\.signal) == expectedSignals)

        // The relay writes the outbox to a log, as the server does.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feed-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let logPath = folder.appendingPathComponent("activity.log").path
        let writer = try LogWriter(path: logPath)
        let relay = LogRelay(
            backend: server.store.backend, source: server.store.configuration.source,
            logger: Logger(label: "test.relay")
        ) { records in
            try await writer.append(records)
        }
        #expect(try await relay.drain() == acknowledged.count)
        try writer.close()

        // A reader as strict as the written-line limit allows accepts every line, and decodes the same records.
        var read: [SignalRecord] = []
        var rejects: [RejectedLine] = []
        let reader = LogReader(path: logPath, maxLineLength: SignalRecord.maximumWrittenLineLength - 1)
        _ = try reader.read(from: 0) { event in
            switch event {
            case .record(let record, _, let length):
                #expect(length <= SignalRecord.maximumWrittenLineLength)
                read.append(record)
            case .rejected(let line): rejects.append(line)
            }
            return true
        }
        #expect(rejects.isEmpty)
        #expect(read == acknowledged)

        // activity-feed's build cycle publishes an entry for each of them.
        let output = folder.appendingPathComponent("output")
        let feedStore = try FeedStore(path: folder.appendingPathComponent("state.sqlite").path)
        let report = try BuildCycle(
            tailer: LogTailer(store: feedStore, logger: Logger(label: "test.tailer")),
            logPaths: [logPath],
            outputDirectory: output,
            publishOptions: PublishOptions(entriesPerDocument: 50, tagAuthority: "example.com,2026"),
            logger: Logger(label: "test.cycle")
        ).runOnce()
        #expect(report.ingest.rejectCount == 0)
        #expect(report.ingest.newEntries == Int64(acknowledged.count))
        let feed = try XMLDocument(contentsOf: output.appendingPathComponent("feed.atom"))
        let ids = try feed.nodes(forXPath: "//*[local-name()='entry']/*[local-name()='id']").compactMap(\.stringValue)
        #expect(Set(ids) == Set(acknowledged.map { "tag:example.com,2026:test-1/\($0.seq)" }))
    }
}
