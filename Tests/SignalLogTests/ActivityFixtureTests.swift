import Foundation
import SignalLog
import Testing

/// `fixtures/activity.jsonl`, written by `scripts/generate-activity-log.py 3000 42 app-1 fixtures/activity.jsonl`.
@Suite struct ActivityFixtureTests {
    @Test func everyLineIsAValidRecordInTheEncodersCanonicalForm() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path("activity.jsonl"))))
        var reencoded: [UInt8] = []
        let pass = try LogReaderTests.readAll(LogReader(path: Fixtures.path("activity.jsonl")))
        for entry in pass.records {
            reencoded += entry.record.encodedLine()
        }
        #expect(pass.rejected.isEmpty)
        #expect(pass.records.count == 3000)
        #expect(reencoded == bytes)
    }

    @Test func coversEverySignalCompletionsAndHostileTitles() throws {
        let pass = try LogReaderTests.readAll(LogReader(path: Fixtures.path("activity.jsonl")))
        let records = pass.records.map(\.record)
        #expect(
            Set(records.map(\.signal)) == [
                "user.registered", "bucketlist.created", "bucketlist.updated", "bucketlist.deleted", "item.created",
                "item.updated", "item.deleted",
            ])
        #expect(records.contains { $0.isCompletion })
        #expect(Set(records.map(\.actor.name)).count >= 12)
        #expect(records.contains { $0.subject.title == #"<b>Tokyo & "Kyoto"</b>"# })
        #expect(
            records.contains { $0.subject.title.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        #expect(records.map(\.seq) == Array(1...3000))
        #expect(records.last!.timestamp.rfc3339.hasPrefix("2026-11-24"))
    }
}
